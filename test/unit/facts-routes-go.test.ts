import { describe, expect, it } from 'vitest';
import { gatewayPathRoutes, goRoutes, isAdmissionWebhook, managerRoutes } from '../../src/facts/routes-go.js';

const paths = (text: string) => goRoutes(text).routes.map((r) => `${r.method} ${r.path}`);

describe('goRoutes', () => {
  it("reads routes chained on chi's inline group With, with its middleware, and closures chained after it", () => {
    const text = `package web
func Routes(v *validator.Validate) http.Handler {
	r := chi.NewRouter()
	r.Use(requestID)
	r.Get("/items", list)
	r.With(checkBody[ItemInput](v)).Post("/items", create)
	r.With(auth).With(adminOnly).Delete("/items/{id}", remove)
	r.With(auth).Route("/admin", func(r chi.Router) {
		r.Post("/reindex", reindex)
	})
	r.With(auth).Group(func(r chi.Router) {
		r.Put("/items/{id}", replace)
	})
	r.With(throttle).Method("PATCH", "/items/{id}", http.HandlerFunc(patch))
	return r
}
`;
    const seen = goRoutes(text).routes.map((r) => `${r.method} ${r.path} ${r.handler} [${r.middleware.join(' ')}]`);
    expect(seen.sort()).toEqual(
      [
        'GET /items list [requestID]',
        'POST /items create [checkBody[ItemInput](v) requestID]',
        'DELETE /items/{id} remove [auth adminOnly requestID]',
        'POST /admin/reindex reindex [auth requestID]',
        'PUT /items/{id} replace [auth requestID]',
        'PATCH /items/{id} patch [throttle requestID]',
      ].sort(),
    );
  });

  it("reads promhttp's handler at a path set at run time as the metrics route; another handler there stays unread", () => {
    const text = `package main
func serve(cfg Config, api http.Handler) {
	http.Handle(cfg.MetricsPath, promhttp.Handler())
	mux.Handle(*telemetryPath, promhttp.HandlerFor(registry, promhttp.HandlerOpts{}))
	mux.Handle(cfg.APIPath, api)
}
`;
    expect(paths(text)).toEqual(['ANY /metrics', 'ANY /metrics']);
  });

  it('mounts a function under a group handed to it as its first argument, alone or beside other arguments', () => {
    const text = `package restapi
func NewRouter(app *fiber.App, uc UseCases, l Logger) {
	apiV1Group := app.Group("/v1")
	v1.NewRoutes(apiV1Group, uc.User, uc.Task, l)
	admin := app.Group("/admin")
	adminroutes.Register(admin)
	audit.Record(l, admin)
}
`;
    expect(goRoutes(text).callMounts.map((c) => `${c.callee} ${c.prefix}`)).toEqual([
      'v1.NewRoutes /v1',
      'adminroutes.Register /admin',
    ]);
  });

  it("takes echo's handler first and its route middleware after it; gin's and fiber's handler stays last", () => {
    const body = `
func routes(g Group, h *Handlers, mw *Guard) {
	g.DELETE("/crates/:id", h.scrap, mw.CSRF, mw.AdminOnly)
	g.GET("/crates", h.list)
}
`;
    const echoFile = `package web\n\nimport "github.com/labstack/echo/v4"\n${body}`;
    const ginFile = `package web\n\nimport "github.com/gin-gonic/gin"\n${body}`;
    const read = (text: string) =>
      goRoutes(text).routes.map((r) => `${r.method} ${r.handler} [${r.middleware.join(' ')}]`);
    expect(read(echoFile)).toEqual(['DELETE h.scrap [mw.CSRF mw.AdminOnly]', 'GET h.list []']);
    expect(read(ginFile)).toEqual(['DELETE mw.AdminOnly [h.scrap mw.CSRF]', 'GET h.list []']);
  });

  it("reads calls of a router's Handle method handed over as a function parameter", () => {
    const text = `package health
const LivePath = "/livez"
func (m *Module) Route(attachHandler func(method string, path string, f ...gin.HandlerFunc) gin.IRoutes) {
	attachHandler(http.MethodGet, LivePath, m.LiveGET)
	attachHandler(http.MethodHead, LivePath, limit, m.LiveHEAD)
	attachHandler(method, LivePath, m.Other)
}
`;
    expect(paths(text)).toEqual(['GET /livez', 'HEAD /livez']);
    expect(goRoutes(text).routes[1]).toMatchObject({ handler: 'm.LiveHEAD', middleware: ['limit'] });
  });

  it('resolves path constants built from other string constants of the file, in any order', () => {
    const text = `package notes
const (
	ItemPath   = BasePathWithID + "/items"
	BasePath   = "/v2/notes"
	IDKey      = "id"
	BasePathWithID = BasePath + "/:" + IDKey // one note
	AliasPath  = BasePath
	RemotePath = remoteBase + "/x"
)
func (m *Module) Route(attachHandler func(method string, path string, f ...gin.HandlerFunc) gin.IRoutes) {
	attachHandler(http.MethodGet, BasePathWithID, m.NoteGET)
	attachHandler(http.MethodPost, ItemPath, m.ItemPOST)
	attachHandler(http.MethodPut, AliasPath, m.NotePUT)
	attachHandler(http.MethodGet, RemotePath, m.RemoteGET)
}
`;
    expect(paths(text)).toEqual(['GET /v2/notes/:id', 'POST /v2/notes/:id/items', 'PUT /v2/notes']);
  });

  it('reads gin Match routes (a list of methods, then the path); a Match that is not a route is skipped', () => {
    const text = `package main
func main() {
	g.Match([]string{"GET", "HEAD"}, "/health", healthHandler.Health)
	g.Match([]string{http.MethodPost}, "/upload", upload)
	ok := re.Match(body)
}
`;
    expect(paths(text)).toEqual(['GET /health', 'POST /upload']);
    expect(goRoutes(text).routes[0]!.handler).toBe('healthHandler.Health');
  });

  it('joins closure group prefixes (macaron m.Group, chi r.Route) and keeps middleware passed as arguments', () => {
    const text = `package main
func main() {
	m.Group("/admin", func() {
		m.Get("", admin.Dashboard)
		m.Group("/users", func() {
			m.Post("/new", bind(form{}), admin.NewUser)
		})
	}, reqSignIn, reqAdmin)
	r.Route("/v2", func(r chi.Router) {
		r.Get("/items", listItems)
	})
}
`;
    const { routes } = goRoutes(text);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /admin',
      'POST /admin/users/new',
      'GET /v2/items',
    ]);
    expect(routes[1]!.middleware).toEqual(['reqSignIn', 'reqAdmin', 'bind(form{})']);
    expect(routes[1]!.handler).toBe('admin.NewUser');
  });

  it('reads m.Route method strings, Combo chains, gorilla Methods and paths built from a variable', () => {
    const text = `package main
func setup() {
	m.Route("/alive", "GET,HEAD", alive)
	m.Combo("/ssh").Get(user.Keys).
		Post(bind(form.Key{}), user.KeysPost)
	r.HandleFunc(base+"/cart", h.addToCart).Methods(http.MethodPost)
	resp, _ := http.Get("http://example.com/x")
}
`;
    expect(paths(text)).toEqual(['GET /alive', 'GET /ssh', 'POST /ssh', 'POST /cart']);
  });

  it('records where a group is handed to another function', () => {
    const text = `package main
func main() {
	m.Group("/api", func() {
		apiv1.RegisterRoutes(m)
	})
	v1 := r.Group("/api/v1")
	h.Register(v1)
	users.Register(r.Group("/users"))
}
`;
    expect(goRoutes(text).callMounts.map((c) => `${c.callee} ${c.prefix}`)).toEqual([
      'users.Register /users',
      'apiv1.RegisterRoutes /api',
      'h.Register /api/v1',
    ]);
  });
  it('reads a hand-written dispatch on the request path: literal or constant paths, the method of the condition, wrappers as middleware', () => {
    const text = `package main
const (
	pingPath = "/v3/ping"
	itemsPath = "/v3/items"
)
func (s *srv) route(w http.ResponseWriter, req *http.Request) error {
	if req.Method == http.MethodGet && req.URL.Path == pingPath {
		return s.ping(w, req)
	} else if (req.Method == http.MethodPut || req.Method == "POST") && itemsPath == req.URL.Path {
		return s.limit(s.needAdmin(s.saveItem))(w, req)
	} else if req.URL.Path == "/" {
		s.index(w, req)
	} else if req.URL.Path == unknownVar {
		return nil
	}
	switch req.URL.Path {
	case "/robots.txt", "/favicon.ico":
		return nil
	}
	return nil
}
`;
    const { routes } = goRoutes(text);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v3/ping',
      'PUT /v3/items',
      'ANY /',
      'ANY /robots.txt',
      'ANY /favicon.ico',
    ]);
    expect(routes[0]!.handler).toBe('s.ping');
    expect(routes[1]!.handler).toBe('s.saveItem');
    expect(routes[1]!.middleware).toEqual(['s.limit', 's.needAdmin']);
    expect(routes[2]!.handler).toBe('s.index');
  });

  it('reads a switch on path prefixes: the handler is the call a case hands the request to; a case handing none on is no route', () => {
    const text = `package main
func (s *srv) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case strings.HasPrefix(r.URL.Path, "/db/query"):
		stats.Add(numQueries, 1)
		s.handleQuery(w, r, params)
	case strings.HasPrefix(r.URL.Path, "/readyz"):
		s.handleReadyz(w, r)
	}
}
func isAsset(r *http.Request) bool {
	switch {
	case strings.HasPrefix(r.URL.Path, "/fonts/"):
		return true
	}
	return false
}
`;
    const { routes } = goRoutes(text);
    expect(routes.map((r) => `${r.method} ${r.path} ${r.handler}`)).toEqual([
      'ANY /db/query s.handleQuery',
      'ANY /readyz s.handleReadyz',
    ]);
  });
});

describe('managerRoutes', () => {
  it('reads the checks added to a controller-runtime manager as its /healthz and /readyz probes', () => {
    const text = `package main
func run(mgr ctrl.Manager, c *Checker) {
	_ = mgr.AddHealthzCheck("ping", healthz.Ping)
	if err := mgr.AddReadyzCheck(readyName, c.Ready); err != nil {
		return
	}
	_ = mgr.AddReadyzCheck("certs", func(_ *http.Request) error { return nil })
}
`;
    expect(managerRoutes(text).map((r) => `${r.method} ${r.path} ${r.handler ?? '-'}`)).toEqual([
      'GET /healthz healthz.Ping',
      'GET /readyz c.Ready',
      'GET /readyz -',
    ]);
  });

  it('reads admission webhooks and the webhook server mux as routes of the manager', () => {
    const text = `package v1
func (w *Widget) SetupWebhookWithManager(mgr ctrl.Manager) error {
	return ctrl.NewWebhookManagedBy(mgr, w).
		WithDefaulter(&WidgetDefaulter{}).
		WithValidator(&WidgetValidator{}).
		Complete()
}
func setupGadget(mgr ctrl.Manager) error {
	return ctrl.NewWebhookManagedBy(mgr).For(&v1.Gadget{}).WithValidator(gadgetCheck).Complete()
}
func setupOpaque(mgr ctrl.Manager, obj client.Object) error {
	return ctrl.NewWebhookManagedBy(mgr, obj).WithValidator(v).Complete()
}
func extra(mgr ctrl.Manager) {
	mgr.GetWebhookServer().Register("/convert-legacy", &webhook.Admission{Handler: legacy})
	mgr.GetWebhookServer().WebhookMux().HandleFunc("/readyz", ready)
}
`;
    const routes = managerRoutes(text);
    expect(routes.map((r) => `${r.method} ${r.path} ${r.handler ?? '-'}`)).toEqual([
      'POST /convert-legacy &webhook.Admission{Handler: legacy}',
      'ANY /readyz ready',
      'POST /validate-{group}-{version}-widget &WidgetValidator{}',
      'POST /mutate-{group}-{version}-widget &WidgetDefaulter{}',
      'POST /validate-{group}-{version}-gadget gadgetCheck',
    ]);
    expect(routes.map((r) => isAdmissionWebhook({ framework: 'controller-runtime', fullPath: r.path }))).toEqual([
      false,
      false,
      true,
      true,
      true,
    ]);
  });
});

describe('gatewayPathRoutes', () => {
  it('reads the handlers added to a grpc-gateway mux with HandlePath', () => {
    const text = `package server
import gwruntime "github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
func serve(gw *gwruntime.ServeMux, ready http.HandlerFunc) {
	_ = gw.HandlePath("GET", "/readyz", func(w http.ResponseWriter, r *http.Request, _ map[string]string) {
		ready(w, r)
	})
	_ = gw.HandlePath(http.MethodPost, "/v1/upload", upload)
	_ = gw.HandlePath(method, "/skipped", other)
}
`;
    expect(gatewayPathRoutes(text).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /readyz', 'POST /v1/upload']);
  });

  it('reads nothing in a file that does not use grpc-gateway', () => {
    expect(gatewayPathRoutes('package x\nfunc f(m *Mux) { m.HandlePath("GET", "/a", h) }\n')).toEqual([]);
  });

  it('reads ozzo-routing To("GET,HEAD", path, h) by its first listed method; another To(…) is no route', () => {
    expect(
      paths(
        'func Mount(r *routing.Router) {\n\tr.To("GET,HEAD", "/healthz", probe)\n\tr.To("POST", "/jobs", enqueue)\n}\n',
      ),
    ).toEqual(['GET /healthz', 'POST /jobs']);
    expect(paths('func f() {\n\tv := conv.To(reflect.TypeOf(x), "/tmp")\n\t_ = v\n}\n')).toEqual([]);
  });
});
