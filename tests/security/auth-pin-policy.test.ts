import { describe, expect, it } from 'vitest';
import { isTrivialPin } from '../../main/auth/pin-policy';

describe('the PIN policy', () => {
  it('calls trivial what anyone would try first', () => {
    const trivial = [
      ...['0000', '5555', '99999999'], // one digit repeated
      ...['1234', '0123', '7890', '8901', '12345678', '4321', '3210', '987654', '0987'], // running up or down, across 9→0
      ...['1212', '123123', '12341234', '7373'], // a short block repeated
      ...['2580', '1004', '2000', '1122'], // the deny-list
    ];
    for (const pin of trivial) expect(isTrivialPin(pin), pin).toBe(true);
  });

  it('lets an ordinary PIN through', () => {
    for (const pin of ['482913', '730518', '5821', '1357', '90817263', '1235', '2468']) expect(isTrivialPin(pin), pin).toBe(false);
  });
});
