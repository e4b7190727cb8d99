# Polling with a deadline, for host-side test scripts (source it).
#
#   wait_for SECONDS CMD...       poll CMD every 0.2 s until it succeeds;
#                                 1 if it did not within SECONDS

wait_for() {
	local t=$1 end
	shift
	end=$((SECONDS + t))
	while [ $SECONDS -lt $end ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.2
	done
	return 1
}
