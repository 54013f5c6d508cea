// Reads GIFT text on stdin and prints what gift-pegjs (an independent GIFT parser) makes of it, as JSON.
const { parse } = require("gift-pegjs");
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  try {
    process.stdout.write(JSON.stringify(parse(input)));
  } catch (error) {
    process.stderr.write(`${error.name}: ${error.message} at ${JSON.stringify(error.location)}\n`);
    process.exit(1);
  }
});
