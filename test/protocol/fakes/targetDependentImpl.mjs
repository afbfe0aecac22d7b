// A construction that cheats on the theorem's premise: its key parameters WK depend on the target
// (scaled by the number of entries), so the head is not one fixed module. Otherwise the paper's construction.
import { constructFromRequest, serve, writeLine } from './fakeConstruction.mjs';

await serve(async (request) => {
  const { X, WQ, WK } = constructFromRequest(request, { layout: 'auto' });
  const scale = 1 + request.entries.length / 1024;
  // Keep the logits the same by scaling the query parameters down by as much as the key parameters go up.
  await writeLine(
    JSON.stringify({
      id: request.id,
      X,
      WQ: WQ.map((row) => row.map((w) => w / scale)),
      WK: WK.map((row) => row.map((w) => w * scale)),
    }),
  );
});
