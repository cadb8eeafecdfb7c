// `npm run admin:create -- --email a@b.org --name "王敏" [--password …]`: the first admin of a deployment
// started without demo data. Without --password a random one is generated and printed once.
import { parseArgs } from "node:util";
import { z } from "zod";
import { PASSWORD_MAX, PASSWORD_MIN } from "#app/modules/auth/password-rules";
import { isCommonPassword } from "#app/modules/auth/password.server";
import { generateSecureRandomString } from "#app/modules/auth/session.server";
import { createAdmin } from "#app/modules/people/people.server";
import { fail, openDatabase } from "./boot";

const { values } = parseArgs({
  options: { email: { type: "string" }, name: { type: "string" }, password: { type: "string" } },
});
const email = z.email().safeParse(values.email);
if (!email.success) fail("admin:create needs --email with a valid address");
if (!values.name?.trim()) fail("admin:create needs --name");
const generated = !values.password;
const password = values.password ?? generateSecureRandomString(16);
if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX)
  fail(`the password must have ${PASSWORD_MIN}–${PASSWORD_MAX} characters`);
if (isCommonPassword(password)) fail("that password is among the 10,000 most common; choose another");

const database = await openDatabase();
const result = await createAdmin({ email: email.data, name: values.name, password });
database.close();
if (!result.ok) fail(`an account with ${email.data} already exists`);
console.log(`lianxin: admin ${email.data} created (id ${result.userId})`);
if (generated)
  console.log(`lianxin: its password is ${password} — sign in and change it on the account page`);
