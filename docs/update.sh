#!/bin/sh
# Regenerates the documentation that tests keep current: the step table in README.md, the picture of the
# scores-by-grade example and that of users-by-region on Beam under docs/ (needs Graphviz: apt-get install graphviz).
set -e
cd "$(dirname "$0")/.."
./mvnw -q -B -pl dataflows-examples -am test -Dtest=DocsTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Ddataflows.updateDocs=true
./mvnw -q -B -pl dataflows-beam -am test -Dtest=BeamDocsTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Ddataflows.updateDocs=true
echo "updated README.md, docs/scores-by-grade.dot and .svg, docs/users-by-region-on-beam.dot and .svg"
