import { SaxesParser } from 'saxes';
import { DomainException } from '../../../common/errors/domain-exception.js';
import { formatBytes, messageOf, unreadableXlsx, xlsxLimitExceeded, type XlsxLimits } from './xlsx-limits.js';

/** What a part reader does with the XML: element names without their namespace prefix (x:row is row). */
export interface XmlHandler {
  open(name: string, attributes: Record<string, string>): void;
  close(name: string): void;
  text?(text: string): void;
}

/** Pieces fed to the parser at a time: the unit in which a token's length is checked. */
const SLICE = 64 * 1024;

/**
 * Parses a part's text with saxes (a strict, streaming XML parser), yielding after each slice so that the caller
 * can pass on what the handler collected. Memory stays bounded: saxes buffers only the token in progress, which is
 * capped (`maxXmlToken`), and the element depth is capped. A DOCTYPE, which no workbook part has, is refused (saxes
 * expands no entities but the predefined ones anyway).
 */
export async function* parseXml(
  part: string,
  chunks: AsyncIterable<string>,
  handler: XmlHandler,
  limits: XlsxLimits,
): AsyncGenerator<void> {
  const parser = new SaxesParser({ xmlns: false, position: false });
  let depth = 0;
  let sawEvent = false;
  parser.on('doctype', () => {
    throw unreadableXlsx(`${part} has a DOCTYPE, which no workbook part has`);
  });
  parser.on('opentag', (tag) => {
    sawEvent = true;
    if (++depth > limits.maxXmlDepth) throw unreadableXlsx(`${part} nests elements deeper than ${limits.maxXmlDepth} levels`);
    handler.open(localName(tag.name), tag.attributes as Record<string, string>);
  });
  parser.on('closetag', (tag) => {
    sawEvent = true;
    depth -= 1;
    handler.close(localName(tag.name));
  });
  parser.on('text', (text) => {
    sawEvent = true;
    handler.text?.(text);
  });
  const write = (slice: string) => {
    try {
      parser.write(slice);
    } catch (error) {
      throw error instanceof DomainException ? error : unreadableXlsx(`${part} is not well-formed XML: ${messageOf(error)}`);
    }
  };
  // Characters fed since the parser last reported something: an upper bound on the token it is holding.
  let pending = 0;
  for await (const chunk of chunks) {
    for (let offset = 0; offset < chunk.length; offset += SLICE) {
      const slice = offset === 0 && chunk.length <= SLICE ? chunk : chunk.slice(offset, offset + SLICE);
      sawEvent = false;
      write(slice);
      pending = sawEvent ? slice.length : pending + slice.length;
      if (pending > limits.maxXmlToken + SLICE) {
        throw xlsxLimitExceeded(
          'xmlToken',
          limits.maxXmlToken,
          `${part} holds a text or tag longer than ${formatBytes(limits.maxXmlToken)} (a cell holds at most 32,767 characters)`,
          { part },
        );
      }
      yield;
    }
  }
  try {
    parser.close();
  } catch (error) {
    throw unreadableXlsx(`${part} is not well-formed XML: ${messageOf(error)}`);
  }
}

/** Runs a part through the handler to its end. */
export async function parseXmlPart(part: string, chunks: AsyncIterable<string>, handler: XmlHandler, limits: XlsxLimits): Promise<void> {
  for await (const _ of parseXml(part, chunks, handler, limits));
}

export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}
