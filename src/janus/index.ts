export { AppJanusModule } from './app-janus.module.js';
export { janusServersFrom, POOL_CONNECTION_PREFIX, type JanusServerSetup } from './janus-options.js';
export { JanusPool, PoolServer, TEXTROOM_PLACEMENT, type PlacedPlugin } from './janus-pool.service.js';
