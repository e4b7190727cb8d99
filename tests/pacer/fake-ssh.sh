#!/bin/sh
# A stand-in for ssh in the tests of `pacer cluster setup|start|stop`.
# Host H is the directory $FAKE_SSH_HOSTS/H (no directory: unreachable,
# exit 255 as ssh does).  The remote command runs under sh with every
# occurrence of $FAKE_SSH_LOCAL (the local config root) replaced by H's
# directory, FAKE_HOST=H in its environment, and its stdin passed on.
# Each call is logged to $FAKE_SSH_HOSTS/ssh.log as "H|OPTIONS|COMMAND".
: "${FAKE_SSH_HOSTS:?}" "${FAKE_SSH_LOCAL:?}"
opts=
while [ $# -gt 0 ]; do
	case $1 in
	-o) opts="$opts -o $2"; shift 2 ;;
	-*) opts="$opts $1"; shift ;;
	*) break ;;
	esac
done
host=$1
shift
cmd=$*
printf '%s|%s|%s\n' "$host" "${opts# }" "$cmd" >>"$FAKE_SSH_HOSTS/ssh.log"
root=$FAKE_SSH_HOSTS/$host
if [ ! -d "$root" ]; then
	echo "ssh: connect to host $host port 22: Connection timed out" >&2
	exit 255
fi
cmd=$(printf '%s' "$cmd" | sed "s|$FAKE_SSH_LOCAL|$root|g")
FAKE_HOST=$host exec sh -c "$cmd"
