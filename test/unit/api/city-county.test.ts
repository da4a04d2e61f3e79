import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { issueGuaranteeBody } from '../../../functions/api/schemas';
import { cityCounty, countyRefusal } from '../../../functions/shared/city-county';
import { withCity } from '../../../functions/shared/city-scope';

const LIAOCHENG_ENUM_MESSAGE = 'Invalid option: expected one of "dongchangfu"|"chiping"|"linqing"|"yanggu"|"shenxian"|"donge"|"guanxian"|"gaotang"|"kaifaqu"|"gaoxinqu"|"dujiaqu"';

describe("a request's county is one of its city's", () => {
  it("accepts Jinan's 历下区 in Jinan and refuses it in Liaocheng with the message the enum gave", () => {
    expect(withCity('jinan', () => cityCounty.safeParse('lixia').success)).toBe(true);
    const refused = withCity('liaocheng', () => cityCounty.safeParse('lixia'));
    expect(refused.error?.issues.map((i) => i.message)).toEqual([LIAOCHENG_ENUM_MESSAGE]);
  });

  it("refuses a Liaocheng county in Jinan, naming Jinan's codes", () => {
    const refused = withCity('jinan', () => cityCounty.safeParse('chiping'));
    expect(refused.error?.issues[0]?.message).toMatch(/^Invalid option: expected one of "lixia"\|"shizhong"\|.*"shanghe"$/);
  });

  it("names the body's field as it always did (outside any scope the city is Liaocheng)", () => {
    const body = issueGuaranteeBody.safeParse({ borrower: { name: 'B', creditCode: 'x', category: 'micro', county: 'atlantis' } });
    const county = body.error?.issues.find((i) => i.path.join('.') === 'borrower.county');
    expect(county?.message).toBe(LIAOCHENG_ENUM_MESSAGE);
  });

  it('documents the code shape, not one city’s list', () => {
    expect(z.toJSONSchema(cityCounty)).toMatchObject({ type: 'string', pattern: '^[a-z][a-z0-9-]{0,39}$' });
  });

  it("gives the command layer a 422 refusal naming the field, the city's codes and the code given", () => {
    expect(withCity('jinan', () => countyRefusal('lixia'))).toBeUndefined();
    expect(countyRefusal(undefined)).toBeUndefined();
    expect(withCity('liaocheng', () => countyRefusal('lixia'))).toEqual({
      code: 'unknown-county',
      message: 'lixia is not a county of liaocheng; expected one of dongchangfu, chiping, linqing, yanggu, shenxian, donge, guanxian, gaotang, kaifaqu, gaoxinqu, dujiaqu',
      field: 'borrower.county',
      limit: 'dongchangfu, chiping, linqing, yanggu, shenxian, donge, guanxian, gaotang, kaifaqu, gaoxinqu, dujiaqu',
      actual: 'lixia',
    });
  });
});
