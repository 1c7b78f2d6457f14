export { AppJanusModule } from './app-janus.module.js';
export { janusOptionsFrom } from './janus-options.js';
