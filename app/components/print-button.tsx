// A button that opens the browser's print dialog; hidden on paper by the page's print styles.
export function PrintButton({ label }: { label: string }) {
  return (
    <button type="button" className="primary" onClick={() => window.print()}>
      {label}
    </button>
  );
}
