// The help request export as XLSX: the same loader (scope, filters, audit) as the CSV, which reads the extension.
export { loader } from "./help.export[.csv]";
