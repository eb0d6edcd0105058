import { LoginDto } from '../../auth/auth.dto.js';
import { DomainException } from '../errors/domain-exception.js';
import { createValidationPipe } from './validation.pipe.js';

describe('validation pipe', () => {
  const pipe = createValidationPipe();
  const login = (body: unknown) => pipe.transform(body, { type: 'body', metatype: LoginDto, data: undefined });

  it('turns a validator that throws (isEmail on a lone surrogate: URIError) into 400 validation_failed', async () => {
    const error = await login({ email: 'a\uD800@test.example', password: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainException);
    expect(error).toMatchObject({ statusCode: 400, code: 'validation_failed' });
  });

  it('still lists ordinary field errors and passes valid input', async () => {
    const error = await login({ email: 'not-an-email', password: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 400, code: 'validation_failed', details: { fields: [expect.objectContaining({ field: 'email' })] } });
    await expect(login({ email: 'spoc@council.example', password: 'x' })).resolves.toBeInstanceOf(LoginDto);
  });
});
