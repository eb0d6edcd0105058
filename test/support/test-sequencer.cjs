// Runs test files in a fixed order so a run is reproducible on any machine (jest's default order follows its
// timing cache). TEST_ORDER=reverse or TEST_ORDER=shuffle:<seed> flushes out suites that depend on each other:
// all suites share one database, so each must tolerate whatever the others left behind.
const Sequencer = require('@jest/test-sequencer').default;

function shuffled(tests, seed) {
  let state = seed >>> 0 || 1;
  const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const copy = [...tests];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

class TestSequencer extends Sequencer {
  sort(tests) {
    const byPath = [...tests].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const order = process.env.TEST_ORDER ?? 'path';
    if (order === 'path') return byPath;
    if (order === 'reverse') return byPath.reverse();
    const seed = /^shuffle:(\d+)$/.exec(order);
    if (seed) return shuffled(byPath, Number(seed[1]));
    throw new Error(`TEST_ORDER must be "path", "reverse" or "shuffle:<number>", got "${order}"`);
  }
}

module.exports = TestSequencer;
