/**
 * Last line of defence: an error that escapes a request (a throw in a timer, a rejected
 * promise nobody awaited) is logged and counted in /metrics instead of ending the process and
 * every viewer's stream with it. Requests already answer 400/500 on their own; a count above
 * zero here is a bug to fix.
 */
export const processFaults = { uncaughtExceptions: 0, unhandledRejections: 0 };

let installed = false;

export function guardProcess(log: (message: string) => void): void {
  if (installed) return;
  installed = true;
  process.on('uncaughtException', (err) => {
    processFaults.uncaughtExceptions++;
    log(`process: uncaught exception (kept running): ${err.stack ?? String(err)}`);
  });
  process.on('unhandledRejection', (reason) => {
    processFaults.unhandledRejections++;
    log(`process: unhandled rejection (kept running): ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
  });
}
