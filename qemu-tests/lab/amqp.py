#!/usr/bin/env python3
"""A minimal AMQP 0-9-1 client for the lab (python3 standard library only;
the Debian image has python3 but no AMQP library).

    amqp.py publish HOST QUEUE FIRST LOG [--user U --password P]
        declare QUEUE durable, turn on publisher confirms, publish
        persistent messages "FIRST", "FIRST+1", ... one at a time; after
        each broker ack append "N TIME" to LOG.  Reconnects and publishes
        the unconfirmed message again after any error; runs until killed.
    amqp.py count HOST QUEUE        messages in QUEUE (passive declare)
    amqp.py get HOST QUEUE          every message body in QUEUE, one a line
                                    (basic.get without acks: the broker
                                    requeues them all when we close)

Only what these need: PLAIN login, one channel, the default exchange.
"""

import argparse
import socket
import struct
import sys
import time

FRAME_METHOD, FRAME_HEADER, FRAME_BODY, FRAME_HEARTBEAT = 1, 2, 3, 8
FRAME_END = b"\xce"


def shortstr(s):
    b = s.encode()
    return struct.pack("B", len(b)) + b


def longstr(b):
    if isinstance(b, str):
        b = b.encode()
    return struct.pack(">I", len(b)) + b


class Error(Exception):
    pass


class Conn:
    def __init__(self, host, user, password, port=5672, timeout=10):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.buf = b""
        self.sock.sendall(b"AMQP\x00\x00\x09\x01")
        self.expect(0, 10, 10)                      # connection.start
        resp = b"\x00" + user.encode() + b"\x00" + password.encode()
        self.method(0, 10, 11, struct.pack(">I", 0) + shortstr("PLAIN")
                    + longstr(resp) + shortstr("en_US"))
        args = self.expect(0, 10, 30)               # connection.tune
        chmax, fmax, _ = struct.unpack(">HIH", args[:8])
        self.frame_max = fmax or 131072
        self.method(0, 10, 31, struct.pack(">HIH", chmax, self.frame_max, 0))
        self.method(0, 10, 40, shortstr("/") + shortstr("") + b"\x00")
        self.expect(0, 10, 41)                      # connection.open-ok
        self.method(1, 20, 10, shortstr(""))
        self.expect(1, 20, 11)                      # channel.open-ok

    # --- frames --------------------------------------------------------
    def send_frame(self, ftype, ch, payload):
        self.sock.sendall(struct.pack(">BHI", ftype, ch, len(payload))
                          + payload + FRAME_END)

    def method(self, ch, cls, mth, args=b""):
        self.send_frame(FRAME_METHOD, ch, struct.pack(">HH", cls, mth) + args)

    def read_exact(self, n):
        while len(self.buf) < n:
            d = self.sock.recv(65536)
            if not d:
                raise Error("connection closed by the broker")
            self.buf += d
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def read_frame(self):
        while True:
            ftype, ch, size = struct.unpack(">BHI", self.read_exact(7))
            payload = self.read_exact(size)
            if self.read_exact(1) != FRAME_END:
                raise Error("bad frame end")
            if ftype != FRAME_HEARTBEAT:
                return ftype, ch, payload

    def read_method(self):
        ftype, ch, p = self.read_frame()
        if ftype != FRAME_METHOD:
            raise Error("expected a method frame, got type %d" % ftype)
        cls, mth = struct.unpack(">HH", p[:4])
        if (cls, mth) in ((10, 50), (20, 40)):      # connection/channel.close
            code, = struct.unpack(">H", p[4:6])
            n = p[6]
            raise Error("closed by the broker: %d %s"
                        % (code, p[7:7 + n].decode(errors="replace")))
        return ch, cls, mth, p[4:]

    def expect(self, ch, cls, mth):
        c, k, m, args = self.read_method()
        if (c, k, m) != (ch, cls, mth):
            raise Error("expected %d.%d on %d, got %d.%d on %d"
                        % (cls, mth, ch, k, m, c))
        return args

    # --- what the commands use ----------------------------------------
    def declare(self, queue, passive=False):
        bits = 0x01 if passive else 0x02           # passive / durable
        self.method(1, 50, 10, struct.pack(">H", 0) + shortstr(queue)
                    + struct.pack("B", bits) + struct.pack(">I", 0))
        args = self.expect(1, 50, 11)
        n = args[0]
        count, consumers = struct.unpack(">II", args[1 + n:9 + n])
        return count

    def confirm_select(self):
        self.method(1, 85, 10, b"\x00")
        self.expect(1, 85, 11)
        self.tag = 0

    def publish_confirmed(self, queue, body):
        """Publish one persistent message and wait for the broker's ack."""
        body = body.encode()
        self.method(1, 60, 40, struct.pack(">H", 0) + shortstr("")
                    + shortstr(queue) + b"\x00")
        # content header: class 60, weight 0, size, flags: delivery-mode
        self.send_frame(FRAME_HEADER, 1, struct.pack(">HHQH", 60, 0, len(body),
                                                     0x1000) + b"\x02")
        self.send_frame(FRAME_BODY, 1, body)
        self.tag += 1
        while True:
            ch, cls, mth, args = self.read_method()
            if (cls, mth) == (60, 80):               # basic.ack
                tag, = struct.unpack(">Q", args[:8])
                if tag >= self.tag:
                    return
            elif (cls, mth) == (60, 120):            # basic.nack
                raise Error("nack for message %s" % body.decode())

    def get_all(self, queue):
        bodies = []
        while True:
            self.method(1, 60, 70, struct.pack(">H", 0) + shortstr(queue) + b"\x00")
            ch, cls, mth, args = self.read_method()
            if (cls, mth) == (60, 72):               # get-empty
                return bodies
            if (cls, mth) != (60, 71):
                raise Error("unexpected %d.%d" % (cls, mth))
            ftype, _, hdr = self.read_frame()
            size, = struct.unpack(">Q", hdr[4:12])
            body = b""
            while len(body) < size:
                ftype, _, part = self.read_frame()
                body += part
            bodies.append(body.decode(errors="replace"))

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def cmd_publish(a):
    n = a.first
    log = open(a.log, "a", buffering=1)
    while True:
        c = None
        try:
            c = Conn(a.host, a.user, a.password, timeout=5)
            c.declare(a.queue)
            c.confirm_select()
            while True:
                c.publish_confirmed(a.queue, str(n))
                log.write("%d %.6f\n" % (n, time.time()))
                n += 1
        except (OSError, Error, struct.error, IndexError):
            if c:
                c.close()
            time.sleep(0.5)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("cmd", choices=["publish", "count", "get"])
    p.add_argument("host")
    p.add_argument("queue")
    p.add_argument("first", nargs="?", type=int, default=1)
    p.add_argument("log", nargs="?")
    p.add_argument("--user", default="app")
    p.add_argument("--password", default="pw")
    a = p.parse_args()
    if a.cmd == "publish":
        cmd_publish(a)
        return 0
    try:
        c = Conn(a.host, a.user, a.password)
        if a.cmd == "count":
            print(c.declare(a.queue, passive=True))
        else:
            for b in c.get_all(a.queue):
                print(b)
        c.close()
    except (OSError, Error) as e:
        print("amqp: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
