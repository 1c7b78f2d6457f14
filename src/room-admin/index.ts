export { RoomAdminModule } from './room-admin.module.js';
export { RoomAdminService, type RoomListScope } from './room-admin.service.js';
export {
  AudioBridgeSecrets,
  PluginSecrets,
  RoomSecrets,
  StreamingSecrets,
  TextRoomSecrets,
} from './room-secrets.service.js';
