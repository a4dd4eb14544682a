# How `sam build` builds Klaxon's Lambda functions (sam/template.yaml: CodeUri `..`, Metadata
# BuildMethod: makefile). SAM's own Java workflow wants a pom.xml beside each function's code, which a
# Maven reactor does not have, so SAM instead copies the repository to a scratch directory and runs
# `make build-<LogicalId>` there with ARTIFACTS_DIR set; whatever lands in ARTIFACTS_DIR is the zip
# Lambda gets. Paths below are relative to that working directory, not to this file.
#
# By hand (e.g. to look at one artifact): make build-IngestFunction ARTIFACTS_DIR=/tmp/ingest

# One function: build its module and the libraries it needs (never `install`: ~/.m2 stays untouched),
# then hand over the shaded jar's contents at the artifact root, where the Lambda Java runtime loads
# classes from the extracted package directory (/var/task) before lib/*.jar. A cold start finds
# classes and Micronaut's service files faster in a directory than in a 30 MB jar (notify: init
# ~450 -> ~395 ms, docs/benchmarks.md). The shaded jar is not multi-release, so extracting it loads the
# same classes. The stale -lambda jar goes first so exactly one is extracted.
# The configuration file (docs/adr/0011-configuration-file.md): the one KLAXON_CONFIG names (relative to
# the repository root), else klaxon.yaml at the root if there is one, else none (the built-in route).
# It is checked, every error as FILE:LINE, and copied to the artifact root ($LAMBDA_TASK_ROOT/klaxon.yaml).
comma := ,
CONFIG_FILE = $(or $(KLAXON_CONFIG),$(wildcard klaxon.yaml))

define lambda
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: sam build sets it (or pass ARTIFACTS_DIR=dir)" >&2; exit 2; }
	rm -f services/$(1)/target/*-lambda.jar
	JAVA_HOME="$$(scripts/java-home)" && export JAVA_HOME && ./mvnw -B -q package -DskipTests -pl services/$(1)$(if $(CONFIG_FILE),$(comma)libs/config) -am
	$(if $(CONFIG_FILE),"$$(scripts/java-home)/bin/java" -cp libs/config/target/klaxon-config-*-cli.jar io.klaxon.config.cli.Main check "$(CONFIG_FILE)")
	mkdir -p "$(ARTIFACTS_DIR)"
	JAVA_HOME="$$(scripts/java-home)" && jar="$$(pwd)/$$(ls services/$(1)/target/*-lambda.jar)" && cd "$(ARTIFACTS_DIR)" && "$$JAVA_HOME/bin/jar" xf "$$jar"
	$(if $(CONFIG_FILE),cp "$(CONFIG_FILE)" "$(ARTIFACTS_DIR)/klaxon.yaml")
endef

# No .PHONY list: a target named there but missing here would "build" nothing and succeed.
build-IngestFunction:
	$(call lambda,ingest)
build-LifecycleFunction:
	$(call lambda,lifecycle)
# The reconciler ships in the lifecycle module, hence the same jar.
build-ReconcileFunction:
	$(call lambda,lifecycle)
build-NotifyFunction:
	$(call lambda,notify)
build-EscalateFunction:
	$(call lambda,escalate)
# Slack clicks and recoveries are two handlers in one module, hence one jar.
build-InteractFunction:
	$(call lambda,interact)
build-RecoveryFunction:
	$(call lambda,interact)
build-DeliverFunction:
	$(call lambda,deliver)
