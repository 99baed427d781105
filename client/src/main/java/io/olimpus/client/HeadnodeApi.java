package io.olimpus.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.olimpus.wire.Wire;
import okhttp3.RequestBody;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.DELETE;
import retrofit2.http.GET;
import retrofit2.http.Header;
import retrofit2.http.PATCH;
import retrofit2.http.POST;
import retrofit2.http.PUT;
import retrofit2.http.Path;
import retrofit2.http.Query;

import java.util.Map;

/** The REST routes of openapi.json as Retrofit declares them, with the bodies of {@link Wire}; {@link OlimpusClient} is the only user. */
interface HeadnodeApi {
    @GET("health") Call<Wire.Health> health();

    @POST("auth/login") Call<Wire.LoginResponse> login(@Body Map<String, String> credentials);
    @POST("auth/logout") Call<Void> logout();
    @GET("auth/me") Call<Wire.User> me();
    @POST("auth/password") Call<Void> changePassword(@Body Map<String, String> change);
    @PATCH("auth/me") Call<Wire.User> patchMe(@Body Wire.ProfilePatch p);

    @GET("users") Call<Wire.Page<Wire.User>> users(@Query("q") String q, @Query("limit") Integer limit, @Query("offset") Integer offset);
    @POST("users") Call<Wire.User> createUser(@Body Wire.NewUser u);
    @POST("users/import") Call<Wire.Imported> importUsers(@Body RequestBody csv);
    @GET("users/{username}") Call<Wire.User> user(@Path("username") String username);
    @PATCH("users/{username}") Call<Wire.User> patchUser(@Path("username") String username, @Body Wire.UserPatch p);
    @DELETE("users/{username}") Call<Void> deleteUser(@Path("username") String username);
    @POST("users/{username}/password") Call<Wire.GeneratedPassword> resetPassword(@Path("username") String username, @Body Map<String, String> body);

    @GET("courses") Call<Wire.Page<Wire.Course>> courses();
    @POST("courses") Call<Wire.Course> createCourse(@Body Wire.NewCourse c);
    @GET("courses/{id}") Call<Wire.Course> course(@Path("id") long id);
    @PATCH("courses/{id}") Call<Wire.Course> patchCourse(@Path("id") long id, @Body Wire.CoursePatch p);
    @DELETE("courses/{id}") Call<Void> deleteCourse(@Path("id") long id);
    @GET("courses/{id}/students") Call<Wire.Page<Wire.Student>> roster(@Path("id") long id);
    @POST("courses/{id}/students") Call<Wire.Page<Wire.Student>> enrol(@Path("id") long id, @Body Wire.Enrolment e);
    @DELETE("courses/{id}/students/{username}") Call<Void> removeStudent(@Path("id") long id, @Path("username") String username);
    @POST("courses/{id}/students/{username}/password") Call<Wire.HandedOut> resetStudentPassword(@Path("id") long id, @Path("username") String username);
    @POST("courses/{id}/roster") Call<Wire.RosterImported> importRoster(@Path("id") long id, @Body RequestBody csv);
    @POST("courses/{id}/credentials") Call<okhttp3.ResponseBody> credentials(@Path("id") long id);

    @POST("courses/{id}/labs") Call<LabWire.Lab> createLab(@Path("id") long courseId, @Body JsonNode lab);
    @GET("courses/{id}/labs") Call<java.util.List<LabWire.Lab>> labs(@Path("id") long courseId);
    @GET("labs") Call<java.util.List<LabWire.StudentLab>> myLabs();
    @GET("labs/{id}") Call<LabWire.Lab> lab(@Path("id") long id);
    @DELETE("labs/{id}") Call<Void> deleteLab(@Path("id") long id);
    @GET("labs/{id}/forecast") Call<LabWire.Forecast> forecast(@Path("id") long id, @Query("students") Integer students);
    @POST("labs/{id}/{action}") Call<LabWire.Board> labAction(@Path("id") long id, @Path("action") String action);
    @POST("labs/{id}/reset") Call<LabWire.Board> reset(@Path("id") long id, @Body Map<String, String> body);
    @GET("labs/{id}/board") Call<LabWire.Board> board(@Path("id") long id);

    @GET("aliases") Call<Wire.Page<Wire.CatalogAlias>> aliases();
    @PUT("{kind}/{name}/aliases") Call<Wire.AliasList> setAliases(@Path("kind") String kind, @Path("name") String name, @Body Wire.AliasList aliases);
    @GET("flavors") Call<Wire.Page<Wire.Flavor>> flavors();
    @POST("flavors") Call<Wire.Flavor> createFlavor(@Body Wire.NewFlavor f);
    @DELETE("flavors/{name}") Call<Void> deleteFlavor(@Path("name") String name);

    @GET("images") Call<Wire.Page<Wire.Image>> images();
    @GET("images/{name}") Call<Wire.Image> image(@Path("name") String name);
    @DELETE("images/{name}") Call<Void> deleteImage(@Path("name") String name);
    @POST("images/{name}/files") Call<Wire.Image> uploadImageFile(@Path("name") String name, @Body RequestBody file);

    @GET("zones") Call<Wire.Page<Wire.Zone>> zones();
    @POST("zones") Call<Wire.Zone> createZone(@Body Wire.NewZone z);
    @DELETE("zones/{zone}") Call<Void> deleteZone(@Path("zone") String zone);
    @GET("zones/{zone}/workers") Call<Wire.Page<Wire.Worker>> workers(@Path("zone") String zone);
    @POST("zones/{zone}/workers") Call<Wire.Worker> addWorker(@Path("zone") String zone, @Body Wire.NewWorker w);
    @GET("zones/{zone}/workers/{worker}") Call<Wire.Worker> worker(@Path("zone") String zone, @Path("worker") String worker);
    @DELETE("zones/{zone}/workers/{worker}") Call<Void> deleteWorker(@Path("zone") String zone, @Path("worker") String worker);
    @GET("zones/{zone}/settings") Call<JsonNode> zoneSettings(@Path("zone") String zone);
    @PUT("zones/{zone}/settings") Call<JsonNode> putZoneSettings(@Path("zone") String zone, @Body JsonNode settings);
    @POST("zones/{zone}/check") Call<Wire.ZoneCheck> checkZone(@Path("zone") String zone);
    @GET("zones/{zone}/placements") Call<Wire.Placements> placements(@Path("zone") String zone);
    @GET("workers/{zone}/{worker}/samples") Call<Wire.WorkerSamples> samples(@Path("zone") String zone, @Path("worker") String worker,
                                                                            @Query("since") Long since, @Query("limit") Integer limit);

    @GET("slices") Call<Wire.Page<Wire.Slice>> slices(@Query("owner") String owner, @Query("status") Wire.SliceStatus status, @Query("zone") String zone,
                                                     @Query("q") String q, @Query("limit") Integer limit, @Query("offset") Integer offset);
    @POST("slices") Call<Wire.Saved> createSlice(@Body JsonNode design);
    @GET("slices/{id}") Call<Wire.SliceDetail> slice(@Path("id") long id);
    @PUT("slices/{id}") Call<Wire.Saved> putSlice(@Path("id") long id, @Header("If-Match") String ifMatch, @Body JsonNode design);
    @DELETE("slices/{id}") Call<Void> deleteSlice(@Path("id") long id);
    @GET("slices/{id}/cloud-config") Call<Wire.CloudConfig> cloudConfig(@Path("id") long id);
    @PUT("slices/{id}/cloud-config") Call<Wire.CloudConfig> putCloudConfig(@Path("id") long id, @Body Wire.CloudConfig c);
    @GET("slices/{id}/plan") Call<Wire.Preview> plan(@Path("id") long id);
    @POST("slices/{id}/deploy") Call<Wire.DeployJob> deploy(@Path("id") long id);
    @POST("slices/{id}/undeploy") Call<Wire.DeployJob> undeploy(@Path("id") long id);
    @GET("slices/{id}/job") Call<Wire.DeployJob> sliceJob(@Path("id") long id);
    @GET("slices/{id}/vms") Call<java.util.List<Wire.VmView>> vms(@Path("id") long id);
    @POST("slices/{id}/vms/{vm}/console-ticket") Call<Wire.SocketTicket> consoleTicket(@Path("id") long id, @Path("vm") String vm);
    @GET("slices/{id}/vms/{vm}/console-url") Call<Wire.ConsoleUrl> consoleUrl(@Path("id") long id, @Path("vm") String vm);
    @POST("slices/{id}/vms/{vm}/power") Call<Void> power(@Path("id") long id, @Path("vm") String vm, @Body Wire.PowerRequest a);
    @GET("jobs/{id}") Call<Wire.JobView> job(@Path("id") long id, @Query("after") Integer after);
    @GET("jobs/{id}/evidence") Call<Wire.JobEvidence> jobEvidence(@Path("id") long id);

    @GET("audit") Call<Wire.Page<Wire.AuditEntry>> audit(@Query("actor") String actor, @Query("action") String action,
                                                        @Query("limit") Integer limit, @Query("offset") Integer offset);
}
