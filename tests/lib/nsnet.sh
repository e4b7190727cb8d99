# Hosts in network namespaces for the host tests (source it).
#
#   nsnet_up PREFIX SUBNET N...   a bridge in namespace PREFIXbr and, per
#                                 node N, namespace PREFIXnN whose eth0
#                                 (SUBNET.N/24) is a veth on that bridge
#   nsnet_down PREFIX N...        delete them again
#   wait_for SECONDS CMD...       (tests/lib/wait.sh)

. "$(dirname "${BASH_SOURCE[0]}")/wait.sh"

nsnet_up() {
	local p=$1 net=$2 i
	shift 2
	ip netns add "${p}br" || return 1
	ip -n "${p}br" link add br0 type bridge
	ip -n "${p}br" link set br0 up
	for i in "$@"; do
		ip netns add "${p}n$i" || return 1
		ip link add "${p}v$i" type veth peer name eth0 netns "${p}n$i"
		ip link set "${p}v$i" netns "${p}br"
		ip -n "${p}br" link set "${p}v$i" master br0 up
		ip -n "${p}n$i" addr add "$net.$i/24" dev eth0
		ip -n "${p}n$i" link set eth0 up
		ip -n "${p}n$i" link set lo up
	done
}

nsnet_down() {
	local p=$1 i
	shift
	for i in "$@"; do
		ip netns del "${p}n$i" 2>/dev/null
	done
	ip netns del "${p}br" 2>/dev/null
}
