export { StreamingModule } from './streaming.module.js';
export { StreamingAdminService, type MountpointListScope } from './streaming-admin.service.js';
