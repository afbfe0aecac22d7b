export { startStdioConstruction, type StdioConstruction, type StdioConstructionOptions } from './stdioConstruction.js';
export { loadModuleConstruction, type ModuleConstructionOptions } from './moduleConstruction.js';
export {
  checkCertificateResponse,
  type ResponseCheck,
  type ResponseDefectKind,
  type ResponseExpectation,
} from './checkCertificateResponse.js';
export {
  ProtocolViolation,
  excerpt,
  type ProtocolViolationDetails,
  type ProtocolViolationKind,
} from './protocolViolation.js';
export { requestFor, DEFAULT_PROTOCOL_DELTA, type ProtocolParams, type ProtocolRequest } from './requestFor.js';
export { parseRequest, targetOfRequest, paramsOfRequest } from './parseRequest.js';
export { saveRequest, loadRequest } from './saveRequest.js';
export { replayRequest, type ReplayOutcome } from './replayRequest.js';
