# Sourced by bench/cold-start.sh and bench/cold-start-ab.sh: the service a function's probe calls, which
# runs as a process of its own (another machine for the deployed function).
stub_of() { # function → the stub's main class and the probe argument naming its URL; nothing for the others
  case "$1" in
    notify) echo "io.klaxon.notify.coldstart.SlackStubProcess slack" ;;
    deliver) echo "io.klaxon.deliver.coldstart.ReceiverStubProcess pagerduty" ;;
    *) echo "" ;;
  esac
}
