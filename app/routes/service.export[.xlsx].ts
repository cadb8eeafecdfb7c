// The service hours export as XLSX: the same loader (scope, audit) as the CSV, which reads the extension.
export { loader } from "./service.export[.csv]";
