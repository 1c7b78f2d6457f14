// Minimal typings for the parts of Janode (a JavaScript package without types) that the bench uses.

declare module 'janode' {
  import { EventEmitter } from 'node:events';

  export interface JanodeServerAddress {
    url: string;
    apisecret?: string;
    token?: string;
  }

  export interface JanodeConfig {
    address: JanodeServerAddress | JanodeServerAddress[];
    retry_time_secs?: number;
    max_retries?: number;
    is_admin?: boolean;
    ws_options?: object;
  }

  /** A message from Janus as Janode resolves it. */
  export interface JanodeMessage {
    janus: string;
    transaction?: string;
    session_id?: number;
    sender?: number;
    data?: { id?: number };
    plugindata?: { plugin: string; data: Record<string, unknown> };
  }

  export class JanodeHandle extends EventEmitter {
    readonly id: number;
    message(body: object, jsep?: object): Promise<JanodeMessage>;
    detach(): Promise<void>;
  }

  export interface JanodePlugin<H extends JanodeHandle> {
    id: string;
    Handle: new (session: JanodeSession, id: number) => H;
    EVENT: Record<string, string>;
  }

  export class JanodeSession extends EventEmitter {
    readonly id: number;
    attach<H extends JanodeHandle>(plugin: JanodePlugin<H>): Promise<H>;
    sendRequest(request: Record<string, unknown>): Promise<JanodeMessage>;
    destroy(): Promise<void>;
  }

  export class JanodeConnection extends EventEmitter {
    create(keepaliveIntervalSecs?: number): Promise<JanodeSession>;
    close(): Promise<void>;
  }

  const Janode: {
    connect(config: JanodeConfig): Promise<JanodeConnection>;
    Logger: { setLevel(level: string): string };
    EVENT: Record<string, string>;
  };
  export default Janode;
}

declare module 'janode/plugins/videoroom' {
  import type { JanodeHandle, JanodePlugin } from 'janode';

  export class VideoRoomHandle extends JanodeHandle {
    joinPublisher(params: { room: number; display?: string }): Promise<{ feed: number; room: number }>;
    leave(): Promise<{ feed?: number }>;
    exists(params: { room: number }): Promise<{ room: number; exists: boolean }>;
  }

  const VideoRoomPlugin: JanodePlugin<VideoRoomHandle> & {
    EVENT: { VIDEOROOM_PUB_PEER_JOINED: string; VIDEOROOM_LEAVING: string } & Record<string, string>;
  };
  export default VideoRoomPlugin;
}

declare module 'janode/plugins/echotest' {
  import type { JanodeHandle, JanodePlugin } from 'janode';

  export class EchoTestHandle extends JanodeHandle {}

  const EchoTestPlugin: JanodePlugin<EchoTestHandle>;
  export default EchoTestPlugin;
}
