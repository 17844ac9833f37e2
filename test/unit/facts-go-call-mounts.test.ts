import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

/** A package `pkg` whose type H has an `Attach` method adding `/<pkg>` to the router it is given. */
const attachPackage = (pkg: string, ctor: string) =>
  [
    `package ${pkg}`,
    '',
    'import (',
    '\t"net/http"',
    '',
    '\t"github.com/gorilla/mux"',
    ')',
    '',
    'type H struct{}',
    '',
    ctor,
    '',
    'func (h *H) Attach(router *mux.Router) {',
    `\trouter.HandleFunc("/${pkg}", h.serve).Methods(http.MethodGet)`,
    '}',
    '',
    'func (h *H) serve(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) }',
    '',
  ].join('\n');

const pathsOf = (main: string) => {
  const facts = new Facts(
    RepoIndex.fromMemory({
      'go.mod': 'module example.org/bays\n\ngo 1.22\n\nrequire github.com/gorilla/mux v1.8.1\n',
      'main.go': main,
      'docks/h.go': attachPackage('docks', 'func New() *H { return &H{} }'),
      'cranes/h.go': attachPackage('cranes', 'func Open(n int) (*H, error) { return &H{}, nil }'),
      'tugs/h.go': attachPackage('tugs', ''),
    }),
  );
  return facts.service.routes.map((r) => r.fullPath).sort();
};

const header = [
  'package main',
  '',
  'import (',
  '\t"net/http"',
  '',
  '\t"github.com/gorilla/mux"',
  '',
  '\t"example.org/bays/cranes"',
  '\t"example.org/bays/docks"',
  '\t"example.org/bays/tugs"',
  ')',
  '',
  'func main() {',
  '\troot := mux.NewRouter()',
  '\tapi := root.PathPrefix("/api/v2").Subrouter()',
];

describe('Go call mounts on values made by another package', () => {
  it('prefixes the routes of the method of the package that made the value (constructor, constructor with an error, literal)', () => {
    const main = [
      ...header,
      '\td := docks.New()',
      '\td.Attach(api)',
      '\tc, err := cranes.Open(3)',
      '\tif err != nil {',
      '\t\tpanic(err)',
      '\t}',
      '\tc.Attach(api)',
      '\tt := &tugs.H{}',
      '\tt.Attach(api)',
      '\t_ = http.ListenAndServe(":8080", root)',
      '}',
      '',
    ].join('\n');
    expect(pathsOf(main)).toEqual(['/api/v2/cranes', '/api/v2/docks', '/api/v2/tugs']);
  });

  it('prefixes only the package the subrouter is handed to; a value made in another function is not read', () => {
    const main = [
      ...header,
      '\td := docks.New()',
      '\td.Attach(api)',
      '\tc, _ := cranes.Open(1)',
      '\tc.Attach(root)',
      '\tmore(api)',
      '\t_ = http.ListenAndServe(":8080", root)',
      '}',
      '',
      'func more(api *mux.Router) {',
      '\tvar t tugsAttacher = pick()',
      '\tt.Attach(api)',
      '}',
      '',
      'type tugsAttacher interface{ Attach(*mux.Router) }',
      '',
      'func pick() tugsAttacher { return &tugs.H{} }',
      '',
    ].join('\n');
    // `t` in more() is made by a local function: which package's Attach runs is not read, so /tugs keeps no prefix.
    expect(pathsOf(main)).toEqual(['/api/v2/docks', '/cranes', '/tugs']);
  });
});
