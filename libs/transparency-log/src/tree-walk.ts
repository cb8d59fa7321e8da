/**
 * The parts of proof checking that need no hashing: the walk over an inclusion proof and the
 * checkpoint body's form. No Node here, so the console (apps/console) checks proofs in the
 * browser with this same code, hashing with WebCrypto.
 */

/** A refused proof, with the reason (a verifier reports it rather than a bare false). */
export class ProofRefused extends Error {
  override readonly name = 'ProofRefused';
}

export const isOdd = (n: number) => n % 2 === 1;
export const half = (n: number) => Math.floor(n / 2);

export function checkSize(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new ProofRefused(`${name} must be a non-negative integer, got ${value}`);
}

/**
 * RFC 9162 §2.1.3.2 without the hashes: for each element of an inclusion proof of leaf `index` in
 * a tree of `size`, whether it is the left sibling (`node(element, r)`) or the right one
 * (`node(r, element)`). Throws ProofRefused when a proof of `proofLength` cannot fit that leaf.
 */
export function inclusionSides(index: number, size: number, proofLength: number): ('left' | 'right')[] {
  checkSize('leaf index', index);
  checkSize('tree size', size);
  if (index >= size) throw new ProofRefused(`leaf index ${index} is not below tree size ${size}`);
  const sides: ('left' | 'right')[] = [];
  let fn = index;
  let sn = size - 1;
  for (let step = 0; step < proofLength; step++) {
    if (sn === 0) throw new ProofRefused('the inclusion proof is longer than the tree is deep');
    if (isOdd(fn) || fn === sn) {
      sides.push('left');
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sides.push('right');
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) throw new ProofRefused('the inclusion proof is shorter than the tree is deep');
  return sides;
}

/** The C2SP checkpoint body's three lines; throws on anything but that exact form. */
export function checkpointLines(text: string): { origin: string; treeSize: number; rootBase64: string } {
  const match = /^([^\n]+)\n(0|[1-9][0-9]*)\n([A-Za-z0-9+/]{43}=)\n$/.exec(text);
  if (match === null) throw new Error('the checkpoint text is not "<origin>\\n<size>\\n<base64 root>\\n"');
  const treeSize = Number(match[2]);
  if (!Number.isSafeInteger(treeSize)) throw new Error(`the checkpoint size ${match[2]} is too large`);
  return { origin: match[1]!, treeSize, rootBase64: match[3]! };
}
