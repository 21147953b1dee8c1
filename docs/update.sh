#!/bin/sh
# Regenerates the documentation that tests keep current: the step table in README.md and the picture of the
# scores-by-grade example under docs/ (needs Graphviz: apt-get install graphviz).
set -e
cd "$(dirname "$0")/.."
./mvnw -q -B -pl dataflows-examples -am test -Dtest=DocsTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Ddataflows.updateDocs=true
echo "updated README.md, docs/scores-by-grade.dot and docs/scores-by-grade.svg"
