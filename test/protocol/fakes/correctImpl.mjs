// A correct implementation of the stdio protocol (SPEC §5): `node correctImpl.mjs [projected|fixed|auto]`
// (default auto: the projected layout when d <= L, else the fixed one, whichever message is smaller).
import { constructFromRequest, serve, writeLine } from './fakeConstruction.mjs';

const layout = process.argv[2] ?? 'auto';
await serve(async (request) => {
  await writeLine(JSON.stringify({ id: request.id, ...constructFromRequest(request, { layout }) }));
});
