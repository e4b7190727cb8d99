#!/usr/bin/env python3
"""A stand-in for the lab power controller on loopback: keeps on/off per
VM, answers "ACTION PLUG" lines as the lab does, logs each request."""
import socket, sys

def main():
    port_file, log_file = sys.argv[1], sys.argv[2]
    state = {"node1": "on", "node2": "on"}
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    srv.settimeout(60)
    with open(port_file, "w") as f:
        f.write(str(srv.getsockname()[1]))
    while True:
        try:
            conn, _ = srv.accept()
        except socket.timeout:
            return
        line = conn.makefile().readline().split()
        with open(log_file, "a") as f:
            f.write(" ".join(line) + "\n")
        if not line:
            conn.close(); continue
        op, plug = line[0], line[1] if len(line) > 1 else "-"
        if op == "quit":
            conn.sendall(b"OK\n"); conn.close(); return
        if op in ("monitor",):
            ans = "OK"
        elif op == "list":
            ans = "OK " + " ".join(sorted(state))
        elif plug not in state:
            ans = "ERR no such VM: " + plug
        elif op == "status":
            ans = "OK " + state[plug]
        elif op in ("on", "off"):
            state[plug] = op; ans = "OK " + op
        elif op == "reboot":
            state[plug] = "on"; ans = "OK on"
        else:
            ans = "ERR unknown action"
        conn.sendall((ans + "\n").encode())
        conn.close()

main()
