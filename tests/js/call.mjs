// Call one export of one of the site's ES modules under Node, for pytest.
// Usage: node tests/js/call.mjs <module path> <export name>   (a JSON array of arguments on stdin)
// Prints the JSON result on stdout; an exception exits 1 with "Name: message" on stderr.
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const [modulePath, name] = process.argv.slice(2);
const mod = await import(pathToFileURL(resolve(modulePath)).href);
let input = "";
for await (const chunk of process.stdin) input += chunk;
try {
  const result = await mod[name](...JSON.parse(input || "[]"));
  process.stdout.write(JSON.stringify(result ?? null));
} catch (err) {
  process.stderr.write(`${err.name}: ${err.message}\n`);
  process.exit(1);
}
