// A construction correct in form but weaker than the paper's: it uses only a quarter of its projection columns.
import { constructFromRequest, serve, writeLine } from './fakeConstruction.mjs';

await serve(async (request) => {
  await writeLine(
    JSON.stringify({ id: request.id, ...constructFromRequest(request, { usedFraction: 0.25, layout: 'auto' }) }),
  );
});
