import { openDatabase } from "./boot";

const database = await openDatabase();
console.log(`lianxin: database migrated (${database.url})`);
database.close();
