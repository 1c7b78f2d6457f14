#!/usr/bin/python3
"""A local RTSP server for the Streaming tests: GStreamer's RTSP server (through PyGObject) serving a moving
test pattern as VP8 video (payload type 96) at rtsp://127.0.0.1:<port>/test.

Usage: rtsp-server.py [port]   (port 0 or none: a free one)
Prints `READY rtsp://127.0.0.1:<port>/test` on stdout once it listens; runs until SIGTERM or SIGINT.
Needs Debian's python3-gi, gir1.2-gst-rtsp-server-1.0, gstreamer1.0-plugins-base and -good
(scripts/setup.mjs --for test installs them).
"""

import signal
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

# Small and light on CPU: 320x240 at 15 fps, a keyframe each second so a new viewer decodes within a second.
PIPELINE = (
    "( videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=15/1 "
    "! vp8enc deadline=1 cpu-used=8 keyframe-max-dist=15 target-bitrate=300000 "
    "! rtpvp8pay name=pay0 pt=96 )"
)


def main() -> None:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(port))
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(PIPELINE)
    # One pipeline for every client: Janus may reconnect without starting a second encoder.
    factory.set_shared(True)
    server.get_mount_points().add_factory("/test", factory)
    if server.attach(None) == 0:
        print("cannot listen", file=sys.stderr, flush=True)
        sys.exit(1)
    loop = GLib.MainLoop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signum, loop.quit)
    print(f"READY rtsp://127.0.0.1:{server.get_bound_port()}/test", flush=True)
    loop.run()


if __name__ == "__main__":
    main()
