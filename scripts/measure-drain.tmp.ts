import { drainEmails } from "#tests/bench/scenarios/email-drain";
const faults = process.argv[2] === "faults";
const seed = Number(process.argv[3] ?? 1);
const emails = Number(process.argv[4] ?? 10000);
const r = await drainEmails({ emails, faults, seed });
const counts = [...r.deliveries.values()];
console.log(JSON.stringify({ faults, seed, seconds: r.seconds.toFixed(2), ratio: r.ratioToLimit.toFixed(3), requests: r.requests, rejected: r.rejectedRequests, delivered: r.deliveries.size, dup: counts.filter((n) => n > 1).length }));
