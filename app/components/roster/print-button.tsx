// Opens the browser's print dialog; the print stylesheet (app.css, @media print) lays the page out.
export function PrintButton({ label }: { label: string }) {
  return (
    <button type="button" className="primary no-print" onClick={() => window.print()}>
      {label}
    </button>
  );
}
