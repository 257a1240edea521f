# result.sh - "ok N NAME" / "not ok N NAME" for the host-side checkers
# (tests/ktap, tests/lava). result STATUS NAME: STATUS 0 is a pass; n
# counts the cases, fail is set to 1 on a failure.
n=0 fail=0
result() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		fail=1
	fi
}
