#!/usr/bin/env python3
"""The VM lab: N QEMU VMs on a private tap + bridge network.

Library use (python):

    lab = Lab(run_dir, vms=2, disks=["256M"])
    lab.start()                      # build images, network, boot, wait
    rc, out = lab.exec("node1", "cat /proc/drbd", timeout=60)
    lab.qmp("node2", "stop"); lab.qmp("node2", "cont")
    lab.link("node1", False)         # cut node1's wire (tap down)
    lab.teardown()

Command line (what the bash scenario helpers use):

    lab.py serve --dir RUN [--vms N] [--disk SIZE]... [--cache MODE]
                 [--flavour busybox|debian]
        boots the VMs, writes RUN/ready, then serves requests on
        RUN/ctl.sock until `lab.py stop` (or SIGTERM/SIGINT/timeout)
    lab.py exec --dir RUN VM [--timeout S] 'shell commands'
    lab.py qmp  --dir RUN VM CMD [JSON-ARGS]   (quit, stop, cont, ...)
    lab.py link --dir RUN VM up|down           (tap up/down in the netns)
    lab.py boot --dir RUN VM                   (power-cycle: kill + boot)
    lab.py stop --dir RUN

The lab's power controller (its "IPMI", what fence_qemu talks to) listens
on 10.99.0.1:7410 on the lab bridge, inside the lab's network namespace,
so guests reach it and nothing outside does.  One request line per TCP
connection, "ACTION PLUG", one answer line:

    off PLUG     -> "OK off"   QMP quit (instant power loss), disks kept
    on PLUG      -> "OK on"    boot again with the same disks
    reboot PLUG  -> "OK on"    off, then on
    status PLUG  -> "OK on" / "OK off"
    list -       -> "OK node1 node2 ..."
    monitor -    -> "OK"
    anything else, or an unknown PLUG -> "ERR reason"

Every request is logged to RUN/power.log ("TIME PEER ACTION PLUG -> ANSWER").

VM i (1-based) is named nodeI, has IP 10.99.0.(10+i)/24, console log
RUN/console-nodeI.log, disks RUN/nodeI-diskJ.img (/dev/vda, /dev/vdb, ...).
"""

import argparse
import base64
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
QEMU = "qemu-system-x86_64"
SUBNET = "10.99.0"
POWER_IP = SUBNET + ".1"
POWER_PORT = 7410


def log(msg):
    sys.stderr.write("lab: %s\n" % msg)
    sys.stderr.flush()


def parse_size(s):
    m = re.fullmatch(r"(\d+)([KMG]?)i?B?", s.strip(), re.I)
    if not m:
        raise ValueError("bad size %r (use e.g. 256M, 4M, 1G)" % s)
    mult = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}[m.group(2).upper()]
    return int(m.group(1)) * mult


def build_images(flavour="busybox"):
    """Run build.sh (or rootfs.sh for the Debian flavour); return a dict
    with KVER, VMLINUX, INITRD (and ROOTFS: a read-only Debian image)."""
    script = "rootfs.sh" if flavour == "debian" else "build.sh"
    out = subprocess.run([os.path.join(HERE, script)], check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    vals = {}
    for line in out.splitlines():
        k, _, v = line.partition("=")
        if k in ("KVER", "VMLINUX", "INITRD", "ROOTFS"):
            vals[k] = v
    return vals


class Agent:
    """Host end of a guest's command agent (virtio console on a socket)."""

    def __init__(self, name, path, trace):
        self.name = name
        self.path = path
        self.trace = trace            # file: raw agent traffic not framed
        self.sock = None
        self.lock = threading.Lock()          # results, ready, dead, next_id
        self.send_lock = threading.Lock()     # one request on the wire at a time
        self.cv = threading.Condition(self.lock)
        self.results = {}
        self.ready = None             # guest uptime at agent start
        self.dead = False
        self.next_id = 1

    def connect(self, deadline):
        while True:
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(self.path)
                break
            except OSError:
                s.close()
                if time.time() > deadline:
                    raise RuntimeError("%s: agent socket %s never appeared"
                                       % (self.name, self.path))
                time.sleep(0.05)
        self.sock = s
        threading.Thread(target=self._reader, daemon=True).start()

    def _reader(self):
        cur = None                    # (id, [lines]) inside a frame
        f = self.sock.makefile("rb")
        try:
            for raw in f:
                line = raw.decode("ascii", "replace").rstrip("\r\n")
                if line.startswith("@@LAB-READY"):
                    with self.lock:
                        parts = line.split()
                        self.ready = float(parts[2]) if len(parts) > 2 else 0.0
                        self.cv.notify_all()
                elif line.startswith("@@LAB-BEGIN "):
                    cur = (line.split()[1], [])
                elif line.startswith("@@LAB-END ") and cur:
                    _, rid, rc = line.split()
                    data = base64.b64decode("".join(cur[1]))
                    with self.lock:
                        self.results[rid] = (int(rc), data.decode("utf-8", "replace"))
                        self.cv.notify_all()
                    cur = None
                elif cur is not None:
                    cur[1].append(line)
                else:
                    self.trace.write(line + "\n")
                    self.trace.flush()
        except (OSError, ValueError):
            pass
        with self.lock:
            self.dead = True
            self.cv.notify_all()

    def wait_ready(self, deadline):
        with self.lock:
            while self.ready is None and not self.dead:
                left = deadline - time.time()
                if left <= 0:
                    return False
                self.cv.wait(left)
            return self.ready is not None

    def exec(self, cmd, timeout=60):
        """Run shell commands in the guest: (rc, stdout+stderr).
        rc 137 = killed by the in-guest timeout; 124 = no answer in time;
        255 = the VM is gone."""
        with self.lock:
            if self.dead or self.sock is None:
                return 255, "lab: %s is not running\n" % self.name
            rid = "c%d" % self.next_id
            self.next_id += 1
        b64 = base64.b64encode(cmd.encode()).decode()
        req = ("%s %d %s\n" % (rid, max(1, int(timeout)), b64)).encode()
        try:
            with self.send_lock:
                self.sock.sendall(req)
        except OSError as e:
            return 255, "lab: %s: agent write failed: %s\n" % (self.name, e)
        deadline = time.time() + timeout + 15
        with self.lock:
            while rid not in self.results and not self.dead:
                left = deadline - time.time()
                if left <= 0:
                    return 124, ("lab: no answer from %s in %ds (guest hung?)\n"
                                 % (self.name, timeout + 15))
                self.cv.wait(left)
            if rid in self.results:
                return self.results.pop(rid)
            return 255, "lab: %s died while running the command\n" % self.name

    def close(self):
        if self.sock:
            try:
                self.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.sock.close()


class QMP:
    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()
        self.sock = None
        self.f = None

    def _connect(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(10)
        s.connect(self.path)
        self.sock, self.f = s, s.makefile("rwb")
        json.loads(self.f.readline())           # greeting
        self._cmd("qmp_capabilities", {})

    def _cmd(self, cmd, args):
        self.f.write((json.dumps({"execute": cmd, "arguments": args}) + "\n").encode())
        self.f.flush()
        while True:
            line = self.f.readline()
            if not line:
                raise OSError("QMP connection closed")
            msg = json.loads(line)
            if "return" in msg or "error" in msg:
                return msg

    def cmd(self, cmd, args=None):
        with self.lock:
            try:
                if self.sock is None:
                    self._connect()
                return self._cmd(cmd, args or {})
            except (OSError, ValueError) as e:
                self.close()
                if cmd == "quit":
                    return {"return": {}}
                return {"error": {"desc": str(e)}}

    def close(self):
        if self.sock:
            self.sock.close()
        self.sock = self.f = None


class VM:
    def __init__(self, lab, index):
        self.lab = lab
        self.index = index
        self.name = "node%d" % index
        self.ip = "%s.%d" % (SUBNET, 10 + index)
        self.tap = "tap%d" % index
        self.mac = "52:54:00:99:00:%02x" % index
        d = lab.dir
        self.console = os.path.join(d, "console-%s.log" % self.name)
        self.agent_path = os.path.join(lab.sockdir, "%s.agent" % self.name)
        self.qmp_path = os.path.join(lab.sockdir, "%s.qmp" % self.name)
        self.pidfile = os.path.join(d, "%s.pid" % self.name)
        self.disks = [os.path.join(d, "%s-disk%d.img" % (self.name, j))
                      for j in range(len(lab.disks))]
        self.proc = None
        self.agent = None
        self.qmp = None
        self.boots = 0
        self.boot_time = None

    def create_disks(self):
        for path, size in zip(self.disks, self.lab.disks):
            with open(path, "wb") as f:
                f.truncate(parse_size(size))

    def qemu_argv(self):
        lab = self.lab
        append = ("console=ttyS0 mitigations=off no_timer_check panic=-1 "
                  "lab.hostname=%s lab.ip=%s/24 %s" % (self.name, self.ip, lab.append)).strip()
        argv = ["ip", "netns", "exec", lab.netns,
                "timeout", "-s", "KILL", str(lab.vm_timeout),
                QEMU, "-accel", "tcg", "-M", "pc", "-cpu", "max",
                "-m", str(lab.mem), "-smp", str(lab.smp), "-nographic", "-no-reboot",
                "-monitor", "none", "-name", self.name,
                "-pidfile", self.pidfile,
                "-kernel", lab.images["VMLINUX"], "-initrd", lab.images["INITRD"],
                "-append", append,
                "-chardev", "file,id=con0,path=%s,append=on" % self.console,
                "-serial", "chardev:con0",
                "-qmp", "unix:%s,server=on,wait=off" % self.qmp_path,
                "-device", "virtio-serial-pci",
                "-chardev", "socket,id=agent0,path=%s,server=on,wait=on" % self.agent_path,
                "-device", "virtconsole,chardev=agent0",
                "-netdev", "tap,id=net0,ifname=%s,script=no,downscript=no" % self.tap,
                "-device", "virtio-net-pci,netdev=net0,mac=%s" % self.mac]
        for j, path in enumerate(self.disks):
            argv += ["-drive", "if=none,id=d%d,file=%s,format=raw,cache=%s,aio=threads"
                     % (j, path, lab.cache),
                     "-device", "virtio-blk-pci,drive=d%d,serial=lab%d" % (j, j)]
        rootfs = lab.images.get("ROOTFS")
        if rootfs:
            # the Debian flavour: its image, shared read-only, after the
            # data disks (so those stay /dev/vda, /dev/vdb, ...)
            argv += ["-drive", "if=none,id=root,file=%s,format=raw,readonly=on" % rootfs,
                     "-device", "virtio-blk-pci,drive=root,serial=labroot"]
            i = argv.index("-append") + 1
            argv[i] += " lab.rootfs=/dev/vd%s" % chr(ord("a") + len(self.disks))
        return argv

    def boot(self):
        """Start QEMU (the disks keep their contents); returns at once."""
        for p in (self.agent_path, self.qmp_path, self.pidfile):
            if os.path.exists(p):
                os.unlink(p)
        self.boots += 1
        with open(self.console, "a") as f:
            f.write("\n=== lab: %s boot %d at %s\n"
                    % (self.name, self.boots, time.strftime("%H:%M:%S")))
            self.console_start = f.tell()
        self.t_start = time.time()
        self.proc = subprocess.Popen(self.qemu_argv(), stdin=subprocess.DEVNULL,
                                     stdout=open(self.console + ".qemu", "a"),
                                     stderr=subprocess.STDOUT,
                                     start_new_session=True)
        trace = open(os.path.join(self.lab.dir, "%s.agent.log" % self.name), "a")
        self.agent = Agent(self.name, self.agent_path, trace)
        self.qmp = QMP(self.qmp_path)

    FATAL_BOOT = ("lab: no agent device", "Kernel panic", "Kernel Offset:")

    def boot_failure(self):
        """Why the boot cannot succeed any more, or None."""
        if self.proc is not None and self.proc.poll() is not None:
            return "QEMU exited with status %s" % self.proc.returncode
        try:
            with open(self.console, errors="replace") as f:
                f.seek(self.console_start)
                text = f.read()
        except OSError:
            return None
        for pat in self.FATAL_BOOT:
            if pat in text:
                return "console says %r" % pat
        return None

    def wait_ready(self, timeout=120):
        deadline = time.time() + timeout
        self.agent.connect(deadline)
        while not self.agent.wait_ready(min(deadline, time.time() + 0.5)):
            why = self.boot_failure()
            if why or time.time() >= deadline:
                raise RuntimeError("%s: agent not ready (%s); see %s" % (
                    self.name, why or "not within %ds" % timeout, self.console))
        self.boot_time = time.time() - self.t_start
        return self.boot_time

    def qemu_pid(self):
        """PID of this VM's QEMU, only while it is still that QEMU."""
        try:
            with open(self.pidfile) as f:
                pid = int(f.read().strip())
            with open("/proc/%d/comm" % pid) as f:
                if not f.read().startswith("qemu-system"):
                    return None
            return pid
        except (OSError, ValueError):
            return None

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def kill(self):
        """Hard power-off: kill this VM's own QEMU (by PID) and its timeout."""
        if self.qmp:
            self.qmp.close()
        if self.agent:
            self.agent.close()
        if self.proc is None:
            return
        # SIGKILL to QEMU (its parent `timeout` then reaps it and exits);
        # without a pidfile yet, SIGTERM to `timeout`, which passes it on.
        steps = []
        pid = self.qemu_pid()
        if pid:
            steps.append((pid, signal.SIGKILL))
        steps += [(self.proc.pid, signal.SIGTERM), (self.proc.pid, signal.SIGKILL)]
        for p, sig in steps:
            if self.proc.poll() is not None:
                break
            try:
                os.kill(p, sig)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                pass
        self.proc = None


class Lab:
    def __init__(self, run_dir, vms=2, disks=("256M",), cache="none", mem=1024,
                 vm_timeout=3600, append="", flavour="busybox", smp=1):
        self.dir = os.path.abspath(run_dir)
        os.makedirs(self.dir, exist_ok=True)
        self.disks = list(disks)
        self.cache = cache
        self.mem = mem
        self.smp = smp
        self.vm_timeout = vm_timeout
        self.append = append
        self.flavour = flavour
        self.netns = "drbdlab%d" % os.getpid()
        # unix socket paths must stay short (108 bytes): keep them in /tmp
        self.sockdir = "/tmp/drbdlab-%d" % os.getpid()
        os.makedirs(self.sockdir, exist_ok=True)
        self.vms = {}
        for i in range(1, vms + 1):
            vm = VM(self, i)
            self.vms[vm.name] = vm
        self.images = None
        self.net_up = False
        self.power = None
        # one power action per VM at a time (fencing from two sides at once)
        self.power_locks = {n: threading.Lock() for n in self.vms}

    def vm(self, name):
        if name not in self.vms:
            raise KeyError("no VM %r (have %s)" % (name, ", ".join(self.vms)))
        return self.vms[name]

    def _ip(self, *args):
        subprocess.run(["ip"] + list(args), check=True)

    @staticmethod
    def remove_stale_netns():
        """Delete namespaces left by a lab process that was killed: named
        drbdlabPID, that PID gone, and no process inside."""
        out = subprocess.run(["ip", "netns", "list"], stdout=subprocess.PIPE,
                             text=True).stdout
        for line in out.splitlines():
            m = re.match(r"(drbdlab(\d+))\b", line)
            if not m or os.path.exists("/proc/%s" % m.group(2)):
                continue
            pids = subprocess.run(["ip", "netns", "pids", m.group(1)],
                                  stdout=subprocess.PIPE, text=True).stdout
            if not pids.strip():
                log("removing stale namespace %s" % m.group(1))
                subprocess.run(["ip", "netns", "del", m.group(1)])

    def setup_net(self):
        self.remove_stale_netns()
        self._ip("netns", "add", self.netns)
        self.net_up = True
        self._ip("-n", self.netns, "link", "set", "lo", "up")
        self._ip("-n", self.netns, "link", "add", "br0", "type", "bridge")
        self._ip("-n", self.netns, "link", "set", "br0", "up")
        self._ip("-n", self.netns, "addr", "add", POWER_IP + "/24", "dev", "br0")
        for vm in self.vms.values():
            self._ip("-n", self.netns, "tuntap", "add", "dev", vm.tap, "mode", "tap")
            self._ip("-n", self.netns, "link", "set", vm.tap, "master", "br0", "up")

    def start(self, boot_timeout=180):
        self.images = build_images(self.flavour)
        with open(os.path.join(self.dir, "images.env"), "w") as f:
            for k, v in self.images.items():
                f.write("%s=%s\n" % (k, v))
        self.setup_net()
        self.start_power()
        for vm in self.vms.values():
            vm.create_disks()
            vm.boot()
        times = {}
        for vm in self.vms.values():
            times[vm.name] = vm.wait_ready(boot_timeout)
        return times

    def exec(self, name, cmd, timeout=60):
        return self.vm(name).agent.exec(cmd, timeout)

    def qmp(self, name, cmd, args=None):
        return self.vm(name).qmp.cmd(cmd, args)

    def link(self, name, up):
        vm = self.vm(name)
        self._ip("-n", self.netns, "link", "set", vm.tap, "up" if up else "down")

    def reboot(self, name, boot_timeout=180):
        """Power-cycle a VM (hard kill, then boot with the same disks)."""
        vm = self.vm(name)
        vm.kill()
        # a killed QEMU leaves its tap in place; bring it back up
        vm.boot()
        t = vm.wait_ready(boot_timeout)
        self._ip("-n", self.netns, "link", "set", vm.tap, "master", "br0", "up")
        return t

    # --- power controller ("IPMI") ---------------------------------------

    def power_action(self, action, plug):
        """One power request; returns the answer line (without newline)."""
        if action == "monitor":
            return "OK"
        if action == "list":
            return "OK " + " ".join(self.vms)
        if plug not in self.vms:
            return "ERR no such VM: %s" % plug
        vm = self.vms[plug]
        with self.power_locks[plug]:
            if action == "status":
                return "OK " + ("on" if vm.running() else "off")
            if action in ("off", "reboot"):
                if vm.running():
                    vm.qmp.cmd("quit")
                    vm.kill()
                if action == "off":
                    return "OK off"
            if action in ("on", "reboot"):
                if not vm.running():
                    vm.boot()
                    threading.Thread(target=self._power_on_wait, args=(vm,),
                                     daemon=True).start()
                return "OK on"
        return "ERR unknown action: %s" % action

    def _power_on_wait(self, vm):
        try:
            t = vm.wait_ready(180)
            self._ip("-n", self.netns, "link", "set", vm.tap, "master", "br0", "up")
            log("power: %s booted in %.1fs" % (vm.name, t))
        except (RuntimeError, subprocess.CalledProcessError) as e:
            log("power: %s: %s" % (vm.name, e))

    def start_power(self, port=POWER_PORT):
        """Listen on POWER_IP:port inside the lab namespace (the socket is
        made by a thread that joins the namespace and then ends)."""
        box = {}

        def make():
            try:
                import ctypes
                libc = ctypes.CDLL(None, use_errno=True)
                with open("/var/run/netns/%s" % self.netns) as f:
                    if libc.setns(f.fileno(), 0x40000000) != 0:   # CLONE_NEWNET
                        raise OSError(ctypes.get_errno(), "setns")
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind((POWER_IP, port))
                s.listen(16)
                box["sock"] = s
            except OSError as e:
                box["err"] = e
        t = threading.Thread(target=make)
        t.start()
        t.join()
        if "err" in box:
            raise RuntimeError("power controller: %s" % box["err"])
        self.power = box["sock"]
        plog = open(os.path.join(self.dir, "power.log"), "a")

        def serve_one(conn, peer):
            try:
                conn.settimeout(10)
                words = conn.makefile("rb").readline().decode("ascii", "replace").split()
                action = words[0] if words else ""
                plug = words[1] if len(words) > 1 else "-"
                try:
                    ans = self.power_action(action, plug)
                except Exception as e:        # answer, never hang the caller
                    ans = "ERR %s" % e
                plog.write("%s %s %s %s -> %s\n" % (
                    time.strftime("%H:%M:%S"), peer[0], action, plug, ans))
                plog.flush()
                conn.sendall((ans + "\n").encode())
            except OSError:
                pass
            finally:
                conn.close()

        def loop():
            while True:
                try:
                    conn, peer = self.power.accept()
                except OSError:
                    return
                threading.Thread(target=serve_one, args=(conn, peer),
                                 daemon=True).start()
        threading.Thread(target=loop, daemon=True).start()

    def teardown(self, keep_disks=False):
        if self.power:
            try:
                self.power.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.power.close()
            self.power = None
        for vm in self.vms.values():
            vm.kill()
        if self.net_up:
            subprocess.run(["ip", "netns", "del", self.netns],
                           stderr=subprocess.DEVNULL)
            self.net_up = False
        if not keep_disks:
            for vm in self.vms.values():
                for d in vm.disks:
                    if os.path.exists(d):
                        os.unlink(d)
        shutil.rmtree(self.sockdir, ignore_errors=True)


# --- server / client -------------------------------------------------------

def serve(args):
    lab = Lab(args.dir, vms=args.vms, disks=args.disk or ["256M"],
              cache=args.cache, mem=args.mem, vm_timeout=args.max_time,
              append=args.append or "", flavour=args.flavour, smp=args.smp)
    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    ctl = os.path.join(lab.sockdir, "ctl.sock")
    ready = os.path.join(lab.dir, "ready")
    with open(os.path.join(lab.dir, "ctl"), "w") as f:
        f.write(ctl + "\n")
    for p in (ctl, ready):
        if os.path.exists(p):
            os.unlink(p)
    try:
        t0 = time.time()
        times = lab.start()
        with open(ready, "w") as f:
            json.dump({"boot_seconds": times, "netns": lab.netns,
                       "power": "%s:%d" % (POWER_IP, POWER_PORT),
                       "vms": {n: {"ip": v.ip, "console": v.console,
                                   "disks": v.disks}
                               for n, v in lab.vms.items()}}, f)
        log("%d VM(s) ready in %.1fs (%s)" % (
            len(times), time.time() - t0,
            ", ".join("%s %.1fs" % kv for kv in times.items())))
        srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        srv.bind(ctl)
        srv.listen(16)
        srv.settimeout(0.5)
        deadline = time.time() + args.max_time
        while not stop.is_set() and time.time() < deadline:
            if args.parent and not os.path.exists("/proc/%d" % args.parent):
                log("parent process %d is gone; stopping" % args.parent)
                break
            try:
                conn, _ = srv.accept()
            except socket.timeout:
                continue
            threading.Thread(target=handle_client, args=(lab, conn, stop),
                             daemon=True).start()
        srv.close()
    except Exception as e:
        log("error: %s" % e)
        with open(os.path.join(lab.dir, "failed"), "w") as f:
            f.write(str(e) + "\n")
        return 1
    finally:
        lab.teardown(keep_disks=args.keep_disks)
        for p in (ctl, ready):
            if os.path.exists(p):
                os.unlink(p)
    return 0


def handle_client(lab, conn, stop):
    f = conn.makefile("rwb")
    try:
        req = json.loads(f.readline())
        op = req.get("op")
        try:
            if op == "exec":
                rc, out = lab.exec(req["vm"], req["cmd"], req.get("timeout", 60))
                res = {"rc": rc, "out": out}
            elif op == "qmp":
                r = lab.qmp(req["vm"], req["cmd"], req.get("args"))
                res = {"rc": 1 if "error" in r else 0,
                       "out": json.dumps(r) + "\n"}
            elif op == "link":
                lab.link(req["vm"], req["up"])
                res = {"rc": 0, "out": ""}
            elif op == "boot":
                t = lab.reboot(req["vm"])
                res = {"rc": 0, "out": "%s booted in %.1fs\n" % (req["vm"], t)}
            elif op == "stop":
                stop.set()
                res = {"rc": 0, "out": ""}
            else:
                res = {"rc": 2, "out": "lab: unknown op %r\n" % op}
        except (KeyError, RuntimeError, subprocess.CalledProcessError) as e:
            res = {"rc": 2, "out": "lab: %s\n" % e}
        f.write((json.dumps(res) + "\n").encode())
        f.flush()
    finally:
        conn.close()


def request(run_dir, req, timeout=None):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        with open(os.path.join(run_dir, "ctl")) as f:
            s.connect(f.read().strip())
    except OSError as e:
        return {"rc": 255, "out": "lab: no lab running in %s (%s)\n" % (run_dir, e)}
    s.sendall((json.dumps(req) + "\n").encode())
    f = s.makefile("rb")
    line = f.readline()
    s.close()
    if not line:
        return {"rc": 255, "out": "lab: the lab went away\n"}
    return json.loads(line)


def client(args):
    if args.cmd == "exec":
        req = {"op": "exec", "vm": args.vm, "cmd": " ".join(args.rest),
               "timeout": args.timeout}
    elif args.cmd == "qmp":
        req = {"op": "qmp", "vm": args.vm, "cmd": args.rest[0],
               "args": json.loads(args.rest[1]) if len(args.rest) > 1 else {}}
    elif args.cmd == "link":
        req = {"op": "link", "vm": args.vm, "up": args.rest[0] == "up"}
    elif args.cmd == "boot":
        req = {"op": "boot", "vm": args.vm}
    else:
        req = {"op": "stop"}
    res = request(args.dir, req)
    sys.stdout.write(res.get("out", ""))
    sys.stdout.flush()
    return res.get("rc", 255)


def main():
    p = argparse.ArgumentParser(description="drbd VM lab")
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("serve")
    s.add_argument("--dir", required=True)
    s.add_argument("--vms", type=int, default=2)
    s.add_argument("--disk", action="append",
                   help="size of one disk per VM (repeat for vdb, vdc...)")
    s.add_argument("--cache", default="none", choices=["none", "writeback", "unsafe"])
    s.add_argument("--mem", type=int, default=1024)
    s.add_argument("--smp", type=int, default=1,
                   help="vCPUs per VM (TCG runs each in a host thread)")
    s.add_argument("--append", default="", help="extra kernel parameters")
    s.add_argument("--flavour", default="busybox", choices=["busybox", "debian"],
                   help="debian: boot into the Debian image rootfs.sh builds")
    s.add_argument("--max-time", type=int, default=3600,
                   help="every VM and the lab itself end after this many seconds")
    s.add_argument("--keep-disks", action="store_true")
    s.add_argument("--parent", type=int, default=0,
                   help="stop when this process (the scenario) exits")
    for name in ("exec", "qmp", "link", "boot"):
        c = sub.add_parser(name)
        c.add_argument("--dir", required=True)
        c.add_argument("--timeout", type=int, default=60)
        c.add_argument("vm")
        c.add_argument("rest", nargs="*")
    c = sub.add_parser("stop")
    c.add_argument("--dir", required=True)
    args = p.parse_args()
    if args.cmd == "serve":
        return serve(args)
    return client(args)


if __name__ == "__main__":
    sys.exit(main())
