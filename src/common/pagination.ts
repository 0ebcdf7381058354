import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** The largest page size any list serves. */
export const MAX_PAGE_SIZE = 200;
/** The last page a client may ask for: keeps every OFFSET (≤ 2·10^8) a safe integer. */
export const MAX_PAGE = 1_000_000;

/**
 * A query parameter read as a whole number only when it is written in
 * decimal digits: Number() would also take `0x10`, `1e2`, `0b11` and
 * surrounding white space. Anything else stays a string, which @IsInt refuses.
 */
const digits = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^[0-9]{1,15}$/.test(value) ? Number(value) : value;

/** `page` and `pageSize` of every list; a value past its bound is a 400 naming it. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1 })
  @IsOptional()
  @Transform(digits)
  @IsInt({ message: ({ property }) => `${property} must be a whole number in decimal digits` })
  @Min(1)
  @Max(MAX_PAGE)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })
  @IsOptional()
  @Transform(digits)
  @IsInt({ message: ({ property }) => `${property} must be a whole number in decimal digits` })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize: number = 50;
}

/** Which page of a list: what repositories and services take. */
export interface PageRequest {
  page: number;
  pageSize: number;
}

/** Every list the API serves: `{items, total, page, pageSize}`. */
export interface Page<T> extends PageRequest {
  items: T[];
  total: number;
}

export function offsetOf(query: PageRequest): number {
  return (query.page - 1) * query.pageSize;
}

/** One page of a list held in memory. */
export function pageOf<T>(all: readonly T[], request: PageRequest): Page<T> {
  const start = offsetOf(request);
  return {
    items: all.slice(start, start + request.pageSize),
    total: all.length,
    page: request.page,
    pageSize: request.pageSize,
  };
}
