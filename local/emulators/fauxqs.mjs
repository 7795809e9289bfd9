// Starts the SNS/SQS emulator on loopback only, quietly. Usage: node fauxqs.mjs <port>
import { startFauxqs } from "fauxqs";

const port = Number.parseInt(process.argv[2] ?? process.env.FAUXQS_PORT ?? "4566", 10);

// A JVM killed with SIGKILL runs no shutdown hook; its pipe to our stdin closes instead.
if (process.env.FAUXQS_EXIT_WITH_PARENT === "1") {
  process.stdin.on("end", () => process.exit(0));
  process.stdin.on("error", () => process.exit(0));
  process.stdin.resume();
}

await startFauxqs({ port, host: "127.0.0.1", logger: false });
console.log(`fauxqs listening on 127.0.0.1:${port}`);
