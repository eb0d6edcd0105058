import { daysAgo } from './demo-dates.js';

/** Where a demo rapid deployment camera is deployed; the deployments feature seeds its active deployment from this. */
export interface RdcDemoDeployment {
  assetNumber: string;
  address: string;
  /** Ward id. */
  ward: string;
  latitude: number;
  longitude: number;
  /** How long ago it was deployed; with 12-week reviews, > 84 is overdue and 71–84 due within 14 days. */
  deployedDaysAgo: number;
  /** YYYY-MM-DD, computed from today each time it is read (so seeding on any day gives the same spread). */
  readonly deployedOn: string;
  reason: string;
  crimeTypes: string[];
  requestedBy: string;
}

type Entry = Omit<RdcDemoDeployment, 'assetNumber' | 'deployedOn'>;

const ASB = 'Anti-social behaviour reported by residents';
const entries: Entry[] = [
  { address: 'Mardale Close, Rainham', ward: 'rainham-south-east', latitude: 51.3532, longitude: 0.6049, deployedDaysAgo: 120, reason: ASB, crimeTypes: ['anti_social_behaviour', 'criminal_damage'], requestedBy: 'Kent Police' },
  { address: 'Mardale Close, Rainham', ward: 'rainham-south-east', latitude: 51.3536, longitude: 0.6057, deployedDaysAgo: 120, reason: ASB, crimeTypes: ['anti_social_behaviour', 'criminal_damage'], requestedBy: 'Kent Police' },
  { address: 'Mardale Close, Rainham', ward: 'rainham-south-east', latitude: 51.3528, longitude: 0.6063, deployedDaysAgo: 120, reason: ASB, crimeTypes: ['anti_social_behaviour', 'criminal_damage'], requestedBy: 'Kent Police' },
  { address: 'Knights Road, Hoo St Werburgh', ward: 'hoo-st-werburgh-and-high-halstow', latitude: 51.4187, longitude: 0.5603, deployedDaysAgo: 95, reason: 'Vehicle crime and nuisance motorcycles', crimeTypes: ['vehicle_crime', 'anti_social_behaviour'], requestedBy: 'Ward councillor' },
  { address: 'Pottery Road, Hoo St Werburgh (entrance to the recreation ground)', ward: 'hoo-st-werburgh-and-high-halstow', latitude: 51.4153, longitude: 0.5668, deployedDaysAgo: 30, reason: 'Damage to the recreation ground and pavilion', crimeTypes: ['criminal_damage'], requestedBy: 'Hoo St Werburgh Parish Council' },
  { address: 'Splendly Works, New Road, Chatham', ward: 'chatham-central-and-brompton', latitude: 51.3817, longitude: 0.5241, deployedDaysAgo: 88, reason: 'Fly-tipping and rough sleeping around the disused works', crimeTypes: ['fly_tipping', 'anti_social_behaviour'], requestedBy: 'Community Safety Partnership' },
  { address: 'Ordnance Street, Chatham', ward: 'fort-pitt', latitude: 51.3794, longitude: 0.5183, deployedDaysAgo: 80, reason: 'Drug dealing reported near the station', crimeTypes: ['drugs'], requestedBy: 'Kent Police' },
  { address: 'Beacon Hill, Chatham', ward: 'luton', latitude: 51.3716, longitude: 0.5402, deployedDaysAgo: 150, reason: 'Youth disorder in the evenings', crimeTypes: ['anti_social_behaviour'], requestedBy: 'Ward councillor' },
  { address: 'Gillingham Park, Gillingham', ward: 'gillingham-south', latitude: 51.3801, longitude: 0.5562, deployedDaysAgo: 60, reason: 'Damage to play equipment', crimeTypes: ['criminal_damage'], requestedBy: 'Greenspaces team' },
  { address: 'Town Road, Cliffe Woods', ward: 'strood-rural', latitude: 51.4344, longitude: 0.4986, deployedDaysAgo: 73, reason: 'Burglaries and suspicious vehicles', crimeTypes: ['burglary', 'vehicle_crime'], requestedBy: 'Kent Police' },
  { address: 'Barnfields, Chatham', ward: 'wayfield-and-weeds-wood', latitude: 51.3601, longitude: 0.5331, deployedDaysAgo: 77, reason: ASB, crimeTypes: ['anti_social_behaviour', 'drugs'], requestedBy: 'Medway Council housing' },
  { address: 'Barnfields, Chatham', ward: 'wayfield-and-weeds-wood', latitude: 51.3606, longitude: 0.5338, deployedDaysAgo: 77, reason: ASB, crimeTypes: ['anti_social_behaviour', 'drugs'], requestedBy: 'Medway Council housing' },
  { address: 'Barnfields, Chatham', ward: 'wayfield-and-weeds-wood', latitude: 51.3597, longitude: 0.5344, deployedDaysAgo: 77, reason: ASB, crimeTypes: ['anti_social_behaviour', 'drugs'], requestedBy: 'Medway Council housing' },
  { address: 'Luton High Street, Chatham', ward: 'luton', latitude: 51.3737, longitude: 0.5446, deployedDaysAgo: 200, reason: 'Shop theft and street drinking', crimeTypes: ['theft', 'anti_social_behaviour'], requestedBy: 'Local traders' },
  { address: 'Luton Road Arches, Chatham', ward: 'luton', latitude: 51.3789, longitude: 0.5383, deployedDaysAgo: 42, reason: 'Robbery and assaults under the arches', crimeTypes: ['robbery', 'violence'], requestedBy: 'Kent Police' },
  { address: 'Luton Road, near the Arches, Chatham', ward: 'luton', latitude: 51.3783, longitude: 0.5394, deployedDaysAgo: 42, reason: 'Robbery and assaults under the arches', crimeTypes: ['robbery', 'violence'], requestedBy: 'Kent Police' },
  { address: 'Chatham Hill, by Luton Arches, Chatham', ward: 'luton', latitude: 51.3794, longitude: 0.5376, deployedDaysAgo: 42, reason: 'Robbery and assaults under the arches', crimeTypes: ['robbery', 'violence'], requestedBy: 'Kent Police' },
  { address: 'Rainham Recreation Ground, Rainham', ward: 'rainham-south-west', latitude: 51.3594, longitude: 0.6098, deployedDaysAgo: 83, reason: 'Damage and fires in the recreation ground', crimeTypes: ['criminal_damage', 'arson'], requestedBy: 'Ward councillor' },
  { address: 'Station Road, Rainham', ward: 'rainham-north', latitude: 51.3662, longitude: 0.6113, deployedDaysAgo: 26, reason: 'Cycle theft near the station', crimeTypes: ['theft'], requestedBy: 'Kent Police' },
  { address: 'Rhodes Street, Chatham', ward: 'chatham-central-and-brompton', latitude: 51.3762, longitude: 0.5291, deployedDaysAgo: 91, reason: 'Drug dealing and needle finds', crimeTypes: ['drugs', 'anti_social_behaviour'], requestedBy: 'Member of the public' },
  { address: '21 Maidstone Road, Rochester', ward: 'fort-pitt', latitude: 51.3829, longitude: 0.5021, deployedDaysAgo: 14, reason: 'Repeated criminal damage to a property', crimeTypes: ['criminal_damage'], requestedBy: 'Kent Police' },
  { address: 'Twydall Green, Twydall', ward: 'twydall', latitude: 51.3756, longitude: 0.5913, deployedDaysAgo: 98, reason: ASB, crimeTypes: ['anti_social_behaviour'], requestedBy: 'Ward councillor' },
  { address: 'Princes Park, Chatham', ward: 'princes-park', latitude: 51.3489, longitude: 0.5392, deployedDaysAgo: 55, reason: 'Off-road bikes on the park', crimeTypes: ['anti_social_behaviour'], requestedBy: 'Greenspaces team' },
  { address: 'Lordswood Lane, Lordswood', ward: 'lordswood-and-walderslade', latitude: 51.3412, longitude: 0.5478, deployedDaysAgo: 71, reason: 'Vehicle crime in the shopping parade car park', crimeTypes: ['vehicle_crime'], requestedBy: 'Kent Police' },
  { address: "Island Way West, St Mary's Island", ward: 'st-marys-island', latitude: 51.3974, longitude: 0.5331, deployedDaysAgo: 21, reason: 'Nuisance gatherings on the riverside', crimeTypes: ['anti_social_behaviour'], requestedBy: 'Ward councillor' },
  { address: 'Canal Road, Strood', ward: 'strood-north-and-frindsbury', latitude: 51.3926, longitude: 0.4987, deployedDaysAgo: 10, reason: 'Fly-tipping by the river wall', crimeTypes: ['fly_tipping'], requestedBy: 'Environmental enforcement' },
  { address: 'Cuxton Road, Strood', ward: 'strood-west', latitude: 51.3871, longitude: 0.4851, deployedDaysAgo: 105, reason: 'Street racing and dangerous driving', crimeTypes: ['vehicle_crime', 'anti_social_behaviour'], requestedBy: 'Kent Police' },
  { address: 'Watling Street, Gillingham', ward: 'watling', latitude: 51.3746, longitude: 0.5662, deployedDaysAgo: 7, reason: 'Burglaries in the surrounding streets', crimeTypes: ['burglary'], requestedBy: 'Kent Police' },
  { address: 'Wigmore Park, Wigmore', ward: 'hempstead-and-wigmore', latitude: 51.3452, longitude: 0.5868, deployedDaysAgo: 35, reason: 'Damage to the pavilion and car park', crimeTypes: ['criminal_damage'], requestedBy: 'Ward councillor' },
];

/** The 29 demo rapid deployment cameras RDC-01..RDC-29 and where each is deployed. */
export const RDC_DEMO_DEPLOYMENTS: readonly RdcDemoDeployment[] = Object.freeze(
  entries.map((entry, index) => ({
    ...entry,
    assetNumber: `RDC-${String(index + 1).padStart(2, '0')}`,
    get deployedOn() {
      return daysAgo(entry.deployedDaysAgo);
    },
  })),
);
