import v8 from 'node:v8';

/**
 * A scan allocates about 275 KB of short-lived garbage per API call inside the AWS SDK (signing,
 * middleware, XML), while its live heap stays near 30 MB. Left alone, V8 answers that allocation
 * rate by growing the heap to ~370 MB at 10,000 buckets; in size-optimised mode it collects
 * earlier and peaks near 160 MB for ~20% more CPU, which the network-bound scan hides
 * (`npm run bench`). Container jobs with memory limits are the case this serves.
 * AJAR_HEAP_MODE=fast keeps V8's default.
 */
export function tuneHeapForScanning(): void {
  if (process.env.AJAR_HEAP_MODE === 'fast') return;
  v8.setFlagsFromString('--optimize-for-size');
}
