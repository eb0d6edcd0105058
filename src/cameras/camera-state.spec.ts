import { editProblems, leavesDeploymentProblem } from './camera-state.service.js';
import type { Camera } from './camera.entity.js';

const rdc = { assetNumber: 'RDC-01', kind: 'rapid_deployment', status: 'operational' } as Camera;
const codes = (problems: { code: string }[]) => problems.map((p) => p.code);

describe('camera state rules', () => {
  it('keeps a deployed RDC in place: no decommissioning, stock or change of kind', () => {
    expect(leavesDeploymentProblem(rdc, { status: 'decommissioned' })).toMatchObject({ code: 'camera_deployed', field: 'status', status: 409 });
    expect(leavesDeploymentProblem(rdc, { status: 'in_stock' })).toMatchObject({ code: 'camera_deployed', field: 'status' });
    expect(leavesDeploymentProblem(rdc, { kind: 'fixed' })).toMatchObject({ code: 'camera_deployed', field: 'kind' });
    for (const allowed of [{ status: 'offline' as const }, { rag: 'red' as const }, { kind: 'rapid_deployment' as const }, { wardId: 'luton' }]) {
      expect(leavesDeploymentProblem(rdc, allowed)).toBeNull();
    }
  });

  it('applies the deployment rule to edits only when the camera is deployed', () => {
    expect(codes(editProblems(rdc, { status: 'in_stock' }, { openFaults: 0, deployed: true }))).toEqual(['camera_deployed']);
    expect(editProblems(rdc, { status: 'in_stock' }, { openFaults: 0, deployed: false })).toEqual([]);
  });

  it('lets faults, not edits, make a camera faulty, and keeps one with open faults from being declared operational', () => {
    expect(codes(editProblems(null, { status: 'faulty' }, { openFaults: 0, deployed: false }))).toEqual(['status_follows_faults']);
    const faulty = { ...rdc, status: 'faulty' } as Camera;
    expect(codes(editProblems(faulty, { status: 'operational' }, { openFaults: 2, deployed: false }))).toEqual(['camera_has_open_faults']);
    expect(editProblems(faulty, { status: 'operational' }, { openFaults: 0, deployed: false })).toEqual([]);
  });
});
