import type { FaultCategory } from '../../faults/fault.enums.js';
import type { CameraTechnology, RagRating } from '../camera.enums.js';

export interface FixedCameraDemo {
  assetNumber: string;
  name: string;
  address: string;
  ward: string;
  latitude: number;
  longitude: number;
  technology: CameraTechnology;
  rag: RagRating;
  purpose: string;
  tags: string[];
  /** An open fault the demo starts with. */
  openFault?: { category: FaultCategory; description: string; reportedDaysAgo: number };
}

interface Site {
  name: string;
  address: string;
  ward: string;
  at: [number, number];
  technology?: CameraTechnology;
  openFault?: FixedCameraDemo['openFault'];
}

type Point = [number, number];

/** Cameras at junctions along a high street, spaced evenly between its two ends. */
function highStreet(town: string, ward: string, from: Point, to: Point, junctions: string[]): Site[] {
  return junctions.map((junction, i) => {
    const t = junctions.length === 1 ? 0 : i / (junctions.length - 1);
    const at: Point = [round(from[0] + (to[0] - from[0]) * t), round(from[1] + (to[1] - from[1]) * t)];
    return { name: `${town} High Street / ${junction}`, address: `High Street (by ${junction}), ${town}`, ward, at };
  });
}

const round = (value: number) => Math.round(value * 100_000) / 100_000;
const site = (name: string, address: string, ward: string, at: Point, extra: Partial<Site> = {}): Site => ({ name, address, ward, at, ...extra });

const CHATHAM: Site[] = [
  ...highStreet('Chatham', 'chatham-central-and-brompton', [51.38382, 0.52135], [51.38052, 0.53302], [
    'Military Road', 'Medway Street', 'Pentagon Centre', 'Railway Street', 'Globe Lane', 'Best Street', 'Clover Street',
    'New Cut', 'King Street', 'Church Street', 'Slicketts Hill', 'Batchelor Street', 'Luton Road',
  ]),
  site('Waterfront bus station', 'Globe Lane, Chatham', 'chatham-central-and-brompton', [51.38465, 0.52375]),
  site('The Brook / Solomons Road', 'The Brook, Chatham', 'chatham-central-and-brompton', [51.38251, 0.52851]),
  site('Sir John Hawkins Way car park', 'Sir John Hawkins Way, Chatham', 'chatham-central-and-brompton', [51.38302, 0.52602]),
  site('Chatham railway station forecourt', 'Railway Street, Chatham', 'fort-pitt', [51.38031, 0.52115]),
  site('Riverside gardens', 'Medway Street, Chatham', 'chatham-central-and-brompton', [51.38521, 0.52251]),
  site('Dock Road / Brompton Hill', 'Dock Road, Chatham', 'chatham-central-and-brompton', [51.38905, 0.52602]),
  site('Whiffens Avenue car park', 'Whiffens Avenue, Chatham', 'chatham-central-and-brompton', [51.38701, 0.52451], { technology: 'analogue' }),
];

const GILLINGHAM: Site[] = [
  ...highStreet('Gillingham', 'gillingham-south', [51.38731, 0.54402], [51.38581, 0.55053], [
    'Canterbury Street', 'Skinner Street', 'Jeffrey Street', 'King Street', 'Green Street', 'Britton Street',
    'Paget Street', 'Marlborough Road', 'Railway Street', 'Balmoral Road', 'Gardiner Street', 'Arden Street',
  ]).map((s) =>
    s.name.endsWith('Jeffrey Street')
      ? { ...s, technology: 'digital' as const, openFault: { category: 'loss_of_picture' as const, description: 'intermittent loss of picture', reportedDaysAgo: 9 } }
      : s,
  ),
  site('Gillingham railway station', 'Railway Street, Gillingham', 'gillingham-south', [51.38662, 0.54985]),
  site('Skinner Street car park', 'Skinner Street, Gillingham', 'gillingham-south', [51.38811, 0.54553], { technology: 'analogue' }),
  site('Canterbury Street / Gillingham Road', 'Canterbury Street, Gillingham', 'gillingham-south', [51.38353, 0.54301]),
  site('The Strand leisure park', 'Strand Approach Road, Gillingham', 'gillingham-north', [51.39501, 0.55702]),
  site('Gillingham Green', 'Gillingham Green, Gillingham', 'gillingham-north', [51.39152, 0.56051], { technology: 'analogue' }),
  site('Twydall Green shops', 'Twydall Green, Gillingham', 'twydall', [51.37602, 0.59051]),
];

const ROCHESTER: Site[] = [
  ...highStreet('Rochester', 'rochester-west-and-borstal', [51.39052, 0.50002], [51.38652, 0.50953], [
    'Esplanade', 'Northgate', 'Boley Hill', 'Guildhall', 'Crow Lane', 'Eastgate', 'Blue Boar Lane', 'Two Post Alley',
    'Star Hill', 'Corporation Street',
  ]),
  site('Rochester railway station', 'Corporation Street (outside Rochester railway station), Rochester', 'rochester-west-and-borstal', [51.38552, 0.51052], {
    openFault: { category: 'cabling', description: 'cabling', reportedDaysAgo: 23 },
  }),
  site('Castle Gardens', 'Esplanade, Rochester', 'rochester-west-and-borstal', [51.38952, 0.50103]),
  site('Blue Boar Lane car park', 'Blue Boar Lane, Rochester', 'rochester-east-and-warren-wood', [51.38751, 0.50702], { technology: 'analogue' }),
  site('Corporation Street / Rochester Bridge', 'Corporation Street, Rochester', 'rochester-west-and-borstal', [51.39003, 0.50352]),
  site('Star Hill / City Way', 'City Way, Rochester', 'rochester-east-and-warren-wood', [51.38453, 0.51202]),
  site('Delce Road shops', 'Delce Road, Rochester', 'rochester-east-and-warren-wood', [51.38101, 0.51001]),
];

const STROOD: Site[] = [
  ...highStreet('Strood', 'strood-north-and-frindsbury', [51.39371, 0.49352], [51.39752, 0.48601], [
    'Station Road', 'North Street', 'Commercial Road', 'Gun Lane', 'Cross Street', 'Angel Corner', 'London Road',
  ]),
  site('Strood railway station', 'Station Road, Strood', 'strood-north-and-frindsbury', [51.39652, 0.50001]),
  site('Commercial Road car park', 'Commercial Road, Strood', 'strood-north-and-frindsbury', [51.39553, 0.49502], { technology: 'analogue' }),
  site('Strood retail park', 'Commercial Road, Strood', 'strood-north-and-frindsbury', [51.39801, 0.49302]),
  site('Cuxton Road / Bryant Road', 'Cuxton Road, Strood', 'strood-west', [51.38853, 0.48602]),
  site('Frindsbury Hill', 'Frindsbury Hill, Strood', 'strood-north-and-frindsbury', [51.40201, 0.49802]),
];

const RAINHAM: Site[] = [
  ...highStreet('Rainham', 'rainham-north', [51.36251, 0.60452], [51.36451, 0.61402], [
    'London Road', 'Orchard Street', 'Rainham Shopping Centre', 'Longley Road', 'Webster Road', 'Station Road',
  ]),
  site('Cricketers car park (north)', 'Cricketers car park, Station Road, Rainham', 'rainham-north', [51.36352, 0.61153], { technology: 'analogue' }),
  site('Cricketers car park (south)', 'Cricketers car park, Station Road, Rainham', 'rainham-north', [51.36312, 0.61121], { technology: 'analogue' }),
  site('Rainham railway station', 'Station Road, Rainham', 'rainham-north', [51.36652, 0.61102]),
  site('Rainham Mark', 'London Road, Rainham', 'rainham-north', [51.36602, 0.59252], { technology: 'analogue' }),
  site('Maidstone Road / Hurstwood', 'Maidstone Road, Rainham', 'rainham-south-west', [51.35802, 0.60852]),
  site('Parkwood Green shops', 'Parkwood Green, Rainham', 'rainham-south-east', [51.34951, 0.61602]),
];

const ELSEWHERE: Site[] = [
  site('Luton High Street / Luton Road', 'High Street, Luton, Chatham', 'luton', [51.37452, 0.54301]),
  site('Hempstead Valley shopping centre', 'Hempstead Valley Drive, Hempstead', 'hempstead-and-wigmore', [51.34502, 0.57302]),
  site('Walderslade village centre', 'Walderslade Road, Walderslade', 'lordswood-and-walderslade', [51.34051, 0.52702]),
  site("St Mary's Island / Dickens Drive", "Dickens Drive, St Mary's Island", 'st-marys-island', [51.39802, 0.53401]),
  site('Princes Park / Davis Avenue', 'Davis Avenue, Princes Park', 'princes-park', [51.35002, 0.54051]),
  site('Hoo St Werburgh / Church Street', 'Church Street, Hoo St Werburgh', 'hoo-st-werburgh-and-high-halstow', [51.41752, 0.56302]),
  site('Cuxton railway station', 'Station Road, Cuxton', 'cuxton-halling-and-riverside', [51.37402, 0.46202], { technology: 'analogue' }),
  site('Allhallows village', 'Avery Way, Allhallows', 'all-saints', [51.46452, 0.64251]),
  site('Watling Street / Woodlands Road', 'Watling Street, Gillingham', 'watling', [51.37352, 0.57002]),
];

const SITES: Site[] = [...CHATHAM, ...GILLINGHAM, ...ROCHESTER, ...STROOD, ...RAINHAM, ...ELSEWHERE];

const PURPOSES: Record<string, string> = {
  'High Street': 'Town centre community safety: night-time economy, shop theft and public order',
  default: 'Community safety: deterring and detecting crime and anti-social behaviour',
};

/**
 * The 87 demo fixed cameras MC-001..MC-087. About a third are older analogue cameras (more of them amber or red for
 * repair priority); the rest digital, mostly green.
 */
export const FIXED_CAMERA_DEMO: readonly FixedCameraDemo[] = SITES.map((s, i) => {
  const technology: CameraTechnology = s.technology ?? (i % 3 === 1 ? 'analogue' : 'digital');
  const rag: RagRating =
    technology === 'analogue' ? (i % 4 === 0 ? 'red' : i % 4 === 3 ? 'green' : 'amber') : i % 7 === 0 ? 'amber' : 'green';
  const isHighStreet = s.name.includes('High Street');
  return {
    assetNumber: `MC-${String(i + 1).padStart(3, '0')}`,
    name: s.name,
    address: s.address,
    ward: s.ward,
    latitude: s.at[0],
    longitude: s.at[1],
    technology,
    rag,
    purpose: isHighStreet ? PURPOSES['High Street'] : PURPOSES.default,
    tags: isHighStreet ? ['town-centre'] : s.name.includes('car park') ? ['car-park'] : s.name.includes('station') ? ['transport'] : [],
    openFault: s.openFault,
  };
});
