import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isCalendarDate } from '../common/time/calendar.js';

/** A real date written YYYY-MM-DD. */
export const IsCalendarDate = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value) => isCalendarDate(value),
        defaultMessage: (args) => `${args?.property} must be a date written YYYY-MM-DD`,
      },
    },
    options,
  );
