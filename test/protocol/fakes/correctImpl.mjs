// A correct implementation of the stdio protocol (SPEC §5).
import { constructFromRequest, serve, writeLine } from './fakeConstruction.mjs';

await serve(async (request) => {
  await writeLine(JSON.stringify({ id: request.id, ...constructFromRequest(request) }));
});
