// The training pace (web/engine/pace.js): a speed below 1 step a frame is one step every k frames,
// counted by hand over a run of frames, never floored to 0 (which means "as fast as possible");
// and every lesson's pace plays its steps over about 5-15 s at 60 frames a second.
// Not here: the worker's frame loop in a browser (tests/e2e/lessons-picture.test.mjs counts its steps).
import test from 'node:test';
import assert from 'node:assert/strict';
import { normalizeSpeed, stepsForFrame, speedLabel, SLOWEST_FRAMES } from '../../web/engine/pace.js';
import { LESSONS } from '../../web/lessons/lessons.js';

const stepsOver = (speed, frames) => {
  let n = 0;
  for (let f = 0; f < frames; f++) n += stepsForFrame(speed, f);
  return n;
};

test('a speed is 0 (as fast as possible), whole steps a frame, or one step every k frames', () => {
  assert.equal(normalizeSpeed(0), 0);
  assert.equal(normalizeSpeed(10), 10);
  assert.equal(normalizeSpeed(3.7), 3);
  assert.equal(normalizeSpeed('1'), 1);
  // Fractions are 1/k, not floored to 0 (0 would mean the fastest pace).
  assert.equal(normalizeSpeed(0.25), 1 / 4);
  assert.equal(normalizeSpeed(0.3), 1 / 3);
  assert.equal(normalizeSpeed(0.6), 1 / 2);
  assert.equal(normalizeSpeed(1e-9), 1 / SLOWEST_FRAMES);
  for (const bad of [-1, NaN, 'fast', undefined, Infinity]) assert.equal(normalizeSpeed(bad), null, String(bad));
});

test('frames: 0.25 steps every 4th frame from the first; whole speeds every frame; 0 unbounded', () => {
  // 0.25: frames 0, 4, 8, 12, 16 step -> 5 steps in 20 frames; the first frame steps (Play moves at once).
  assert.deepEqual(Array.from({ length: 9 }, (_, f) => stepsForFrame(0.25, f)), [1, 0, 0, 0, 1, 0, 0, 0, 1]);
  assert.equal(stepsOver(0.25, 20), 5);
  assert.equal(stepsOver(0.2, 300), 60);
  assert.equal(stepsOver(1, 7), 7);
  assert.equal(stepsOver(3, 7), 21);
  assert.equal(stepsForFrame(0, 5), Infinity);
});

test('every lesson plays over about 5-15 s at its pace (60 frames a second)', () => {
  for (const l of LESSONS) {
    assert.equal(normalizeSpeed(l.pace), l.pace, `${l.id}: pace ${l.pace} is not a speed the worker keeps`);
    assert.ok(l.pace > 0, `${l.id}: pace ${l.pace}`);
    const seconds = l.steps / l.pace / 60;
    assert.ok(seconds >= 5 && seconds <= 15, `${l.id}: plays for ${seconds.toFixed(1)} s`);
  }
});

test('speedLabel names every speed the menu lists, and a slow pace by its frames', () => {
  assert.deepEqual([1, 3, 10, 30, 100, 0].map(speedLabel), ['1 step / frame', '3 steps / frame', '10 steps / frame', '30 steps / frame', '100 steps / frame', 'as fast as possible']);
  assert.equal(speedLabel(0.25), '1 step / 4 frames');
  assert.equal(speedLabel(0.2), '1 step / 5 frames');
});
