// Module state lives as long as the worker process: the count survives between requests.
let count = 0;

exports.handler = async (event) => {
  count += 1;
  return { count, worker_pid: process.pid };
};
