import { Global, Injectable, Module } from '@nestjs/common';
import { today } from './calendar.js';

/**
 * The service's one source of "now". Services ask it rather than `new Date()` for anything that becomes a calendar
 * date, so that every path agrees on the day (Europe/London) and a test can stand the whole app at a chosen instant.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** Today's date in Europe/London, YYYY-MM-DD. */
  today(): string {
    return today(this.now());
  }
}

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
