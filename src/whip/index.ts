export { WhipModule } from './whip.module.js';
export { WhipResources, type WhipResource, type WhipResourceKind } from './whip-resources.service.js';
