// The audit export as XLSX: the same loader (permission, visibility, logging) as the CSV, which reads the extension.
export { loader } from "./admin.audit.export[.csv]";
