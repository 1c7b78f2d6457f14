export { RoomAdminModule } from './room-admin.module.js';
export { RoomAdminService, type RoomListScope } from './room-admin.service.js';
