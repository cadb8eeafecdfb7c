// The participant list as XLSX: the same loader (permission, scope, audit) as the CSV, which reads the extension.
export { loader } from "./admin.courses.$id_.enrollments[.csv]";
