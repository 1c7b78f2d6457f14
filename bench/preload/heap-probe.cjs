// Preloaded into a server under test (`node --expose-gc --require bench/preload/heap-probe.cjs ...`, spawned with
// an IPC channel): on the message { heapProbe: true } it runs full GCs until the heap stops shrinking and answers
// { heapProbe: process.memoryUsage() }. The server's own code is not touched. CommonJS so that --require loads it
// as it is (it is not compiled).
'use strict';

if (typeof global.gc !== 'function') throw new Error('heap-probe: run with --expose-gc');
if (process.send) {
  process.on('message', (message) => {
    if (!message || message.heapProbe !== true) return;
    let last = Number.POSITIVE_INFINITY;
    let round = 0;
    const collect = () => {
      global.gc();
      const used = process.memoryUsage().heapUsed;
      // A few rounds, with a turn of the event loop between them (finalizers, weak references).
      if (++round < 6 && last - used >= 4096) {
        last = used;
        setImmediate(collect);
      } else process.send({ heapProbe: process.memoryUsage() });
    };
    collect();
  });
  // The channel must not keep the server alive on its own (its exit stays the server's business).
  process.channel?.unref();
}
